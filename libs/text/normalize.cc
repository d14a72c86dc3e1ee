#include "libs/text/normalize.h"

#include "libs/text/text.h"

namespace briefdesk::text {

using google::protobuf::FieldDescriptor;

void NormalizeStrings(google::protobuf::Message* m) {
  const auto* r = m->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(*m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->type() == FieldDescriptor::TYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*m, f); ++i) {
          r->SetRepeatedString(m, f, i, Nfc(r->GetRepeatedString(*m, f, i)));
        }
      } else {
        r->SetString(m, f, Nfc(r->GetString(*m, f)));
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(*m, f); ++i) {
          NormalizeStrings(r->MutableRepeatedMessage(m, f, i));
        }
      } else {
        NormalizeStrings(r->MutableMessage(m, f));
      }
    }
  }
}

}  // namespace briefdesk::text
