// Hashes for the tables whose keys clients choose (record ids, values of
// unique fields): SipHash-2-4 under a key drawn at random when the process
// starts, so that nobody can pick keys that collide and turn a probe into a
// scan of the table.
#pragma once

#include <cstdint>
#include <string_view>

namespace vingt::storage {

uint64_t KeyedHash(std::string_view bytes);

}  // namespace vingt::storage
