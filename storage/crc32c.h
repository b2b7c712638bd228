// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
// every WAL record and snapshot file.
//
// Thread safety: all functions are pure and may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vingt::storage {

// CRC-32C of data[0, n), continuing from `init`, the CRC of the bytes before
// them (0 for none), so that
//   Crc32c(b, nb, Crc32c(a, na)) == Crc32c(a ++ b, na + nb).
// Uses the SSE4.2 crc32 instruction when the CPU has it (checked once),
// else a slice-by-8 table.
uint32_t Crc32c(const void* data, size_t n, uint32_t init = 0);

// A CRC stored next to the data it covers is masked, as in leveldb: the CRC of
// a string that itself contains CRCs is otherwise weak, and a masked value is
// never the CRC of the empty string, so zero-filled bytes never verify.
inline constexpr uint32_t kCrcMaskDelta = 0xa282ead8u;
inline constexpr uint32_t MaskCrc(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kCrcMaskDelta; }
inline constexpr uint32_t UnmaskCrc(uint32_t masked) {
  uint32_t rot = masked - kCrcMaskDelta;
  return (rot >> 17) | (rot << 15);
}

namespace crc32c_internal {
// The two implementations behind Crc32c, exposed so tests can check that they
// agree. CrcHardware REQUIRES: HardwareCrcAvailable().
uint32_t CrcPortable(const void* data, size_t n, uint32_t init);
uint32_t CrcHardware(const void* data, size_t n, uint32_t init);
bool HardwareCrcAvailable();
}  // namespace crc32c_internal

}  // namespace vingt::storage
