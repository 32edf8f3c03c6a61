/** An order's moment in the reader's locale. */
export const when = (at: string) => new Date(at).toLocaleString();
