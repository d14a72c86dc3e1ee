// Deterministic byte mutations of valid requests, for the fuzz loops: each
// step replaces, inserts or deletes bytes chosen to hit the edges of
// request parsing (NUL and other controls, invalid UTF-8, percent signs,
// JSON punctuation and escapes, CR and LF).
#ifndef BRIEFDESK_TESTS_FUZZ_MUTATOR_H_
#define BRIEFDESK_TESTS_FUZZ_MUTATOR_H_

#include <cstdint>
#include <random>
#include <string>

namespace briefdesk::testing {

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}
  // `input` with 1 to `max_steps` mutations.
  std::string Mutate(std::string input, int max_steps = 4);
  size_t Below(size_t n) { return n == 0 ? 0 : rng_() % n; }

 private:
  std::string Piece();
  std::mt19937_64 rng_;
};

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_FUZZ_MUTATOR_H_
