// PrintJson against MessageToJsonString on what the project's protos do not
// use yet: every scalar type, maps, Duration, wrappers, custom JSON names,
// and the types PrintJson leaves to protobuf. The type is built at run time.
#include <google/protobuf/any.pb.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <memory>

#include "services/gateway/json_printer.h"
#include "services/gateway/json_test_filler.h"

namespace briefdesk::gateway {
namespace {

using google::protobuf::DescriptorProto;
using google::protobuf::FieldDescriptorProto;
using google::protobuf::Message;
using Type = FieldDescriptorProto::Type;

FieldDescriptorProto* Add(DescriptorProto* m, const std::string& name,
                          int number, Type type,
                          const std::string& type_name = "",
                          bool repeated = false) {
  FieldDescriptorProto* f = m->add_field();
  f->set_name(name);
  f->set_number(number);
  f->set_type(type);
  f->set_label(repeated ? FieldDescriptorProto::LABEL_REPEATED
                        : FieldDescriptorProto::LABEL_OPTIONAL);
  if (!type_name.empty()) f->set_type_name(type_name);
  return f;
}

void AddMap(DescriptorProto* m, const std::string& name, int number, Type key,
            Type value, const std::string& value_type = "") {
  DescriptorProto* entry = m->add_nested_type();
  std::string entry_name;  // by_name: ByNameEntry, as protoc names it
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
    } else {
      entry_name += upper ? std::toupper(c) : c;
      upper = false;
    }
  }
  entry_name += "Entry";
  entry->set_name(entry_name);
  entry->mutable_options()->set_map_entry(true);
  Add(entry, "key", 1, key);
  Add(entry, "value", 2, value, value_type);
  Add(m, name, number, FieldDescriptorProto::TYPE_MESSAGE, entry_name, true);
}

// Every scalar type singular and repeated, numbered out of declaration order.
void AddScalars(DescriptorProto* m) {
  for (int t = FieldDescriptorProto::Type_MIN;
       t <= FieldDescriptorProto::Type_MAX; ++t) {
    auto type = static_cast<Type>(t);
    if (type == FieldDescriptorProto::TYPE_GROUP ||
        type == FieldDescriptorProto::TYPE_MESSAGE) {
      continue;
    }
    std::string name = FieldDescriptorProto::Type_Name(type).substr(5);
    for (char& c : name) c = std::tolower(c);
    std::string enum_type =
        type == FieldDescriptorProto::TYPE_ENUM ? "Color" : "";
    Add(m, "one_" + name, 100 - t, type, enum_type);
    Add(m, "many_" + name, 200 + t, type, enum_type, true);
  }
}

void AddWellKnown(DescriptorProto* m) {
  const char* kWrappers[] = {"Double", "Float", "Int64",  "UInt64", "Int32",
                             "UInt32", "Bool",  "String", "Bytes"};
  int n = 300;
  for (const char* w : kWrappers) {
    Add(m, std::string("w_") + w, n++, FieldDescriptorProto::TYPE_MESSAGE,
        std::string(".google.protobuf.") + w + "Value");
  }
  Add(m, "time", 5, FieldDescriptorProto::TYPE_MESSAGE,
      ".google.protobuf.Timestamp");
  Add(m, "span", 320, FieldDescriptorProto::TYPE_MESSAGE,
      ".google.protobuf.Duration");
  Add(m, "times", 321, FieldDescriptorProto::TYPE_MESSAGE,
      ".google.protobuf.Timestamp", true);
  Add(m, "spans", 322, FieldDescriptorProto::TYPE_MESSAGE,
      ".google.protobuf.Duration", true);
}

void AddMaps(DescriptorProto* m) {
  using F = FieldDescriptorProto;
  AddMap(m, "by_name", 400, F::TYPE_STRING, F::TYPE_INT32);
  AddMap(m, "by_id", 401, F::TYPE_INT64, F::TYPE_STRING);
  AddMap(m, "by_flag", 402, F::TYPE_BOOL, F::TYPE_MESSAGE, "Corners");
  AddMap(m, "by_u32", 403, F::TYPE_UINT32, F::TYPE_MESSAGE,
         ".google.protobuf.Timestamp");
  AddMap(m, "by_s64", 404, F::TYPE_SINT64, F::TYPE_DOUBLE);
  AddMap(m, "by_fixed", 405, F::TYPE_FIXED32, F::TYPE_ENUM, "Color");
  AddMap(m, "by_text", 406, F::TYPE_STRING, F::TYPE_MESSAGE,
         ".google.protobuf.Int64Value");
}

// A oneof with a scalar, a message and a Timestamp; proto3 optionals; a
// custom json_name that needs escaping; a nested message of the same type.
void AddShapes(DescriptorProto* m) {
  using F = FieldDescriptorProto;
  m->add_oneof_decl()->set_name("choice");
  for (auto* f :
       {Add(m, "pick_text", 500, F::TYPE_STRING),
        Add(m, "pick_child", 501, F::TYPE_MESSAGE, "Corners"),
        Add(m, "pick_time", 502, F::TYPE_MESSAGE, ".google.protobuf.Timestamp"),
        Add(m, "pick_number", 3, F::TYPE_SINT32)}) {
    f->set_oneof_index(0);
  }
  int oneof = 1;
  for (auto* f : {Add(m, "maybe_int", 510, F::TYPE_INT32),
                  Add(m, "maybe_double", 1, F::TYPE_DOUBLE),
                  Add(m, "maybe_color", 512, F::TYPE_ENUM, "Color")}) {
    m->add_oneof_decl()->set_name("_" + f->name());
    f->set_oneof_index(oneof++);
    f->set_proto3_optional(true);
  }
  Add(m, "custom", 520, F::TYPE_STRING)->set_json_name("cus<tom>\"name");
  Add(m, "child", 521, F::TYPE_MESSAGE, "Corners");
  Add(m, "children", 522, F::TYPE_MESSAGE, "Corners", true);
}

class PrintJsonCornersTest : public ::testing::Test {
 public:
  std::unique_ptr<Message> New(const std::string& name) {
    return std::unique_ptr<Message>(
        factory_.GetPrototype(pool_.FindMessageTypeByName(name))->New());
  }

 protected:
  void SetUp() override {
    for (const auto* file :
         {google::protobuf::Timestamp::descriptor()->file(),
          google::protobuf::Duration::descriptor()->file(),
          google::protobuf::Int64Value::descriptor()->file(),
          google::protobuf::Struct::descriptor()->file(),
          google::protobuf::Any::descriptor()->file(),
          google::protobuf::FieldMask::descriptor()->file()}) {
      google::protobuf::FileDescriptorProto copy;
      file->CopyTo(&copy);
      ASSERT_NE(pool_.BuildFile(copy), nullptr);
    }
    google::protobuf::FileDescriptorProto file;
    file.set_name("corners.proto");
    file.set_package("corners");
    file.set_syntax("proto3");
    for (const char* dep :
         {"timestamp", "duration", "wrappers", "struct", "any", "field_mask"}) {
      file.add_dependency(std::string("google/protobuf/") + dep + ".proto");
    }
    auto* color = file.add_enum_type();
    color->set_name("Color");
    for (auto [name, number] : {std::pair{"COLOR_UNSPECIFIED", 0},
                                {"RED", 1},
                                {"CRIMSON", 1},
                                {"BLUE", -2}}) {
      auto* v = color->add_value();
      v->set_name(name);
      v->set_number(number);
    }
    color->mutable_options()->set_allow_alias(true);
    DescriptorProto* m = file.add_message_type();
    m->set_name("Corners");
    AddScalars(m);
    AddWellKnown(m);
    AddMaps(m);
    AddShapes(m);
    DescriptorProto* other = file.add_message_type();
    other->set_name("LeftToProtobuf");
    using F = FieldDescriptorProto;
    Add(other, "name", 1, F::TYPE_STRING);
    Add(other, "data", 2, F::TYPE_MESSAGE, ".google.protobuf.Struct");
    Add(other, "value", 3, F::TYPE_MESSAGE, ".google.protobuf.Value");
    Add(other, "list", 4, F::TYPE_MESSAGE, ".google.protobuf.ListValue");
    Add(other, "any", 5, F::TYPE_MESSAGE, ".google.protobuf.Any");
    Add(other, "mask", 6, F::TYPE_MESSAGE, ".google.protobuf.FieldMask");
    Add(other, "corners", 8, F::TYPE_MESSAGE, "Corners");
    DescriptorProto* null = file.add_message_type();
    null->set_name("WithNull");
    Add(null, "nothing", 1, F::TYPE_ENUM, ".google.protobuf.NullValue");
    Add(null, "corners", 2, F::TYPE_MESSAGE, "Corners");
    ASSERT_NE(pool_.BuildFile(file), nullptr);
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
};

std::string Protobuf(const Message& m, bool always) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = always;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

// Compared after a round trip: maps filled through reflection are in the
// order they were added until they are read back as maps.
void ExpectSameAsProtobuf(const std::string& type, PrintJsonCornersTest* t,
                          int cases) {
  google::protobuf::LogSilencer quiet;  // invalid UTF-8 is logged
  for (int seed = 0; seed < cases; ++seed) {
    std::mt19937_64 rng(seed);
    auto filled = t->New(type);
    testing::Fill(filled.get(), &rng, seed % 3);
    auto m = t->New(type);
    bool valid = m->ParseFromString(filled->SerializeAsString());
    for (bool always : {false, true}) {
      ASSERT_EQ(PrintJson(*filled, always), Protobuf(*filled, always))
          << type << " seed " << seed << " always " << always << " filled";
      if (!valid) continue;
      ASSERT_EQ(PrintJson(*m, always), Protobuf(*m, always))
          << type << " seed " << seed << " always " << always;
    }
  }
}

TEST_F(PrintJsonCornersTest, EveryKindOfFieldMatchesProtobuf) {
  ExpectSameAsProtobuf("corners.Corners", this, 400);
}

TEST_F(PrintJsonCornersTest, TypesLeftToProtobufMatchToo) {
  ExpectSameAsProtobuf("corners.LeftToProtobuf", this, 200);
  ExpectSameAsProtobuf("corners.WithNull", this, 50);
}

TEST_F(PrintJsonCornersTest, DeepNestingAndBadTimesGoToProtobuf) {
  auto m = New("corners.Corners");
  Message* cur = m.get();
  for (int i = 0; i < 70; ++i) {
    cur = cur->GetReflection()->MutableMessage(
        cur, cur->GetDescriptor()->FindFieldByName("child"));
  }
  for (bool always : {false, true}) {
    EXPECT_EQ(PrintJson(*m, always), Protobuf(*m, always));
  }
  auto bad = New("corners.Corners");
  Message* time = bad->GetReflection()->MutableMessage(
      bad.get(), bad->GetDescriptor()->FindFieldByName("time"));
  time->GetReflection()->SetInt64(time, time->GetDescriptor()->field(0),
                                  253402300800LL);
  EXPECT_EQ(PrintJson(*bad, false), Protobuf(*bad, false));
}

}  // namespace
}  // namespace briefdesk::gateway
