// The rendered Kubernetes objects of an overlay (`kubectl kustomize`), and
// what deploy_test asks of them: paths into YAML, label selectors, and
// whether the NetworkPolicies admit a connection.
#ifndef BRIEFDESK_TESTS_DEPLOY_RENDERED_H_
#define BRIEFDESK_TESTS_DEPLOY_RENDERED_H_

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace briefdesk::testing::deploy {

using Labels = std::map<std::string, std::string>;

struct Rendered {
  int exit_code = -1;
  std::vector<YAML::Node> objects;
};

Rendered Render(const std::string& overlay);

// The node at `path` under `n`, or an undefined node when any step is
// missing (yaml-cpp throws when indexing through a missing key).
YAML::Node At(const YAML::Node& n, std::initializer_list<std::string> path);
bool Defined(const YAML::Node& n);
std::string Str(const YAML::Node& n);
Labels LabelsOf(const YAML::Node& n);
// A Kubernetes label selector; an empty one matches everything.
bool Selects(const YAML::Node& selector, const Labels& labels);
std::string ReadFile(const std::string& path);

// Where a connection comes from: a pod of the namespace, or a pod of another
// namespace, or an address outside the cluster (no labels at all).
struct Peer {
  Labels pod;
  Labels ns;  // empty: the same namespace
  bool external = false;
};

class Overlay {
 public:
  explicit Overlay(const std::string& name) : name_(name), r_(Render(name)) {}

  const std::vector<YAML::Node>& objects() const { return r_.objects; }
  int exit_code() const { return r_.exit_code; }

  std::vector<YAML::Node> OfKind(const std::string& kind) const {
    std::vector<YAML::Node> out;
    for (const auto& o : r_.objects)
      if (Str(o["kind"]) == kind) out.push_back(o);
    return out;
  }
  YAML::Node Named(const std::string& kind, const std::string& name) const {
    for (const auto& o : OfKind(kind)) {
      if (Str(At(o, {"metadata", "name"})) == name) return o;
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }
  // The ConfigMap briefdesk-config (its name carries a hash suffix).
  YAML::Node Config() const {
    for (const auto& o : OfKind("ConfigMap")) {
      if (Str(At(o, {"metadata", "name"})).rfind("briefdesk-config-", 0) == 0)
        return o["data"];
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }

  // Kubernetes' rule: a pod selected by no policy admits everything; one
  // selected by some admits what one of their ingress rules admits.
  bool Admits(const Labels& target, int port, const Peer& from) const;

 private:
  std::string name_;
  Rendered r_;
};

Labels Component(const std::string& c);

inline const Peer kOutside{{}, {}, true};
inline const Peer kOtherNamespace{
    {{"app", "anything"}}, {{"kubernetes.io/metadata.name", "elsewhere"}}};
Peer From(const std::string& component);

// The services (the gateway aside) and their gRPC ports.
inline const std::map<std::string, int> kServices = {{"briefs", 50051},
                                                     {"review", 50052},
                                                     {"notification", 50053},
                                                     {"courses", 50054}};

}  // namespace briefdesk::testing::deploy

#endif  // BRIEFDESK_TESTS_DEPLOY_RENDERED_H_
