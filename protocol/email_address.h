// E-mail addresses as Twenty reads them: zod's check, and the canonical
// form (lower case, IDNA domain) that EMAILS fields store and filters
// compare against.
// The lower-casing is common/text_fold.h's, the one case mapping the text
// indexes use.
#pragma once

#include <string>
#include <string_view>

namespace vingt::protocol {

// zod's z.regexes.unicodeEmail: /^[^\s@"]{1,64}@[^\s@]{1,255}$/u.
bool IsZodUnicodeEmail(std::string_view s);

// Twenty's canonical form of an email address: lower-cased, the domain's
// full-width dots made ASCII, non-ASCII labels in punycode ("xn--"), and
// trailing dots removed. Exposed for lookups (upsert, filters).
std::string CanonicalizeEmail(std::string_view email);

}  // namespace vingt::protocol
