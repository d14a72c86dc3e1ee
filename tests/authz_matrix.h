// The authorization matrix of tests/authz_matrix_test.cc: the kinds of
// caller, and a row per route with the status each must get
// (authz_matrix_rows.cc).
#ifndef BRIEFDESK_TESTS_AUTHZ_MATRIX_H_
#define BRIEFDESK_TESTS_AUTHZ_MATRIX_H_

#include <string>
#include <vector>

namespace briefdesk::testing {

enum Who {
  kAuthor,
  kOther,
  kExpert,
  kEditor,
  kAdmin,
  kNoKey,
  kRevoked,
  kWhoCount
};
inline const char* const kWhoNames[] = {
    "author", "other participant", "expert", "editor", "admin",
    "no key", "revoked key"};

struct MatrixRow {
  std::string method;
  std::string path;  // {brief} {author} {key} are filled per call
  std::string body;
  // A brief in this state for each call; "" for routes without a brief.
  std::string brief;
  int expect[kWhoCount];
};

const std::vector<MatrixRow>& MatrixRows();

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_AUTHZ_MATRIX_H_
