package books

// SealFingerprint is a row's fingerprint as the seal computes it, for the
// external tests that play the forger.
var SealFingerprint = sealHash
