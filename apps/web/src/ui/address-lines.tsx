interface Address {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

/** A postal address as the lines on an envelope; a dash when there is none. */
export function AddressLines({ address }: { address: Address | null }) {
  if (!address) return <>—</>;
  const lines = [
    address.street,
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.country,
  ];
  return (
    <>
      {lines.filter(Boolean).map((line) => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
}
