// Every string field of a protobuf message, at any depth, in Unicode
// Normalization Form C (libs/text/text.h): what services store is the
// composed form, whichever form a client sent.
#ifndef BRIEFDESK_LIBS_TEXT_NORMALIZE_H_
#define BRIEFDESK_LIBS_TEXT_NORMALIZE_H_

#include <google/protobuf/message.h>

namespace briefdesk::text {

void NormalizeStrings(google::protobuf::Message* m);

}  // namespace briefdesk::text

#endif  // BRIEFDESK_LIBS_TEXT_NORMALIZE_H_
