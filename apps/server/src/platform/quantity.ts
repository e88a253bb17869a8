/** Quantities as computed and stored: nine decimals, without the float noise of scrap and unit factors. */
/** Quantities closer than this are equal. */
export const QUANTITY_EPSILON = 1e-9;

export const roundQuantity = (quantity: number) => Math.round(quantity * 1e9) / 1e9;
