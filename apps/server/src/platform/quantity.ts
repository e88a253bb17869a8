/** Quantities as computed and stored: nine decimals, without the float noise of scrap and unit factors. */
export const roundQuantity = (quantity: number) => Math.round(quantity * 1e9) / 1e9;
