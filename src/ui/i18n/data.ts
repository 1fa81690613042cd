/** The words of data (see index.ts). One section of the catalog; pure data and formatting. */

export const en = {
};

export const zh: typeof en = {
};
