// tiny-inflate's contract with Node's zlib: the bundle's `require('tiny-inflate')` (scripts/build.mjs,
// zlibInflate). Fills `dest` with the inflated bytes of the raw DEFLATE stream `source` and returns
// it, or its start (`dest.slice`) when fewer bytes came, as tiny-inflate does.
module.exports = function inflate(source, dest) {
  const out = require('node:zlib').inflateRawSync(source);
  dest.set(out.length > dest.length ? out.subarray(0, dest.length) : out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};
