// node:buffer, written for jemception.
export const Buffer = globalThis.Buffer;
export default __jemceptionStrict('buffer', { Buffer });
