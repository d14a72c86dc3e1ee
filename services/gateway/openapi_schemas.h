// The JSON schemas of the OpenAPI document, from message descriptors (the
// proto3 JSON mapping). Answers and requests get separate schemas: an
// answer lists as `required` every field it always carries (scalars,
// enums and lists are always printed; messages marked
// (briefdesk.common.v1.field).always); a request lists the fields marked
// required, refuses unknown members, and offers no *_UNSPECIFIED value.
#ifndef BRIEFDESK_SERVICES_GATEWAY_OPENAPI_SCHEMAS_H_
#define BRIEFDESK_SERVICES_GATEWAY_OPENAPI_SCHEMAS_H_

#include <google/protobuf/descriptor.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>

namespace briefdesk::gateway {

class SchemaBuilder {
 public:
  // Adds the schemas it names to `schemas` (components.schemas).
  explicit SchemaBuilder(boost::json::object* schemas) : schemas_(schemas) {}

  // A $ref to the answer schema of `d`.
  boost::json::object Output(const google::protobuf::Descriptor* d);
  // A $ref to a request body schema named `name`: the fields of `d` but
  // those in `skip` (bound by the path or a header).
  boost::json::object Body(const google::protobuf::Descriptor* d,
                           const std::string& name,
                           const std::set<std::string>& skip);
  // A $ref to an answer schema named `name`: the fields of `d` but those
  // in `skip` (proto names). `required` (proto names), when given, lists
  // what every such answer carries, instead of what is always printed.
  boost::json::object Answer(const google::protobuf::Descriptor* d,
                             const std::string& name,
                             const std::set<std::string>& skip,
                             const std::set<std::string>* required = nullptr);
  // The schema of one request field given as a query parameter.
  boost::json::object Parameter(const google::protobuf::FieldDescriptor* f);

 private:
  std::string NameOf(const google::protobuf::Descriptor* d, bool input);
  boost::json::object Ref(const google::protobuf::Descriptor* d, bool input);
  boost::json::object Message(const google::protobuf::Descriptor* d, bool input,
                              const std::set<std::string>& skip,
                              const std::set<std::string>* required = nullptr);
  boost::json::object Field(const google::protobuf::FieldDescriptor* f,
                            bool input);
  boost::json::object Scalar(const google::protobuf::FieldDescriptor* f,
                             bool input);

  boost::json::object* schemas_;
  std::set<std::string> done_;
  std::map<std::string, std::string> names_;  // full name -> schema name
  std::set<std::string> taken_;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_OPENAPI_SCHEMAS_H_
