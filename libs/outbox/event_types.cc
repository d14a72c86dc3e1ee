#include "libs/outbox/event_types.h"

#include <map>
#include <string>

namespace briefdesk::outbox {
namespace {

struct Names {
  std::map<int, std::string> of_type;
  std::map<std::string, EventType, std::less<>> of_name;
};

// Read once from the descriptor: the proto file is the only list.
const Names& TypeNames() {
  static const Names* names = [] {
    auto* n = new Names;
    const google::protobuf::EnumDescriptor* d =
        events::v1::EventType_descriptor();
    for (int i = 0; i < d->value_count(); ++i) {
      const google::protobuf::EnumValueDescriptor* v = d->value(i);
      const std::string& name =
          v->options().GetExtension(events::v1::event_name);
      if (name.empty()) continue;
      n->of_type.emplace(v->number(), name);
      n->of_name.emplace(name, static_cast<EventType>(v->number()));
    }
    return n;
  }();
  return *names;
}

Decision ParseDecision(const std::string& name) {
  Decision d = review::v1::DECISION_UNSPECIFIED;
  return review::v1::Decision_Parse(name, &d)
             ? d
             : review::v1::DECISION_UNSPECIFIED;
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  const auto& of_type = TypeNames().of_type;
  auto it = of_type.find(type);
  return it == of_type.end() ? std::string_view() : it->second;
}

EventType ParseEventType(std::string_view name) {
  const auto& of_name = TypeNames().of_name;
  auto it = of_name.find(name);
  return it == of_name.end() ? events::v1::EVENT_TYPE_UNSPECIFIED : it->second;
}

EventType TypeOf(const events::v1::Event& e) {
  if (e.type() != events::v1::EVENT_TYPE_UNSPECIFIED) return e.type();
  return ParseEventType(e.type_name());
}

void SetType(events::v1::Event* e, EventType type) {
  e->set_type(type);
  e->set_type_name(std::string(EventTypeName(type)));
}

Decision DecisionOf(const events::v1::ReviewTaskEvent& task) {
  if (task.decision() != review::v1::DECISION_UNSPECIFIED) {
    return task.decision();
  }
  return ParseDecision(task.decision_name());
}

void SetDecision(events::v1::ReviewTaskEvent* task, Decision decision) {
  task->set_decision(decision);
  task->set_decision_name(review::v1::Decision_Name(decision));
}

std::vector<Decision> DecisionsOf(const events::v1::RoundCompleted& round) {
  std::vector<Decision> out;
  if (!round.decisions().empty()) {
    for (int d : round.decisions()) out.push_back(static_cast<Decision>(d));
    return out;
  }
  for (const std::string& name : round.decision_names()) {
    out.push_back(ParseDecision(name));
  }
  return out;
}

void AddDecision(events::v1::RoundCompleted* round, Decision decision) {
  round->add_decisions(decision);
  round->add_decision_names(review::v1::Decision_Name(decision));
}

}  // namespace briefdesk::outbox
