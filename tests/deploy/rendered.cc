// What deploy_test reads the rendered manifests with (rendered.h).
#include "tests/deploy/rendered.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace briefdesk::testing::deploy {

Rendered Render(const std::string& overlay) {
  Rendered out;
  std::string cmd = "kubectl kustomize " + std::string(BRIEFDESK_SOURCE_DIR) +
                    "/deploy/k8s/overlays/" + overlay + " 2>/dev/null";
  std::string text;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    out.exit_code = WEXITSTATUS(pclose(f));
  }
  for (const YAML::Node& doc : YAML::LoadAll(text)) {
    if (doc.IsMap()) out.objects.push_back(doc);
  }
  return out;
}

// The node at `path` under `n`, or an undefined node when any step is
// missing (yaml-cpp throws when indexing through a missing key).
YAML::Node At(const YAML::Node& n, std::initializer_list<std::string> path) {
  YAML::Node cur;
  cur.reset(n);  // rebinds; `=` would write into the document
  for (const std::string& key : path) {
    const YAML::Node& here = cur;  // const: a missing key is not added
    if (!here.IsMap() || !here[key])
      return YAML::Node(YAML::NodeType::Undefined);
    cur.reset(here[key]);
  }
  return cur;
}

bool Defined(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

std::string Str(const YAML::Node& n) {
  return Defined(n) && n.IsScalar() ? n.as<std::string>() : "";
}

Labels LabelsOf(const YAML::Node& n) {
  Labels out;
  if (n && n.IsMap()) {
    for (const auto& kv : n)
      out[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  return out;
}

// A Kubernetes label selector; an empty one matches everything.
bool Selects(const YAML::Node& selector, const Labels& labels) {
  if (!selector) return true;
  for (const auto& kv : selector["matchLabels"]) {
    auto it = labels.find(kv.first.as<std::string>());
    if (it == labels.end() || it->second != kv.second.as<std::string>())
      return false;
  }
  for (const auto& e : selector["matchExpressions"]) {
    std::string key = Str(e["key"]), op = Str(e["operator"]);
    std::set<std::string> values;
    for (const auto& v : e["values"]) values.insert(v.as<std::string>());
    auto it = labels.find(key);
    bool has = it != labels.end();
    if (op == "In" && !(has && values.count(it->second))) return false;
    if (op == "NotIn" && has && values.count(it->second)) return false;
    if (op == "Exists" && !has) return false;
    if (op == "DoesNotExist" && has) return false;
  }
  return true;
}

Labels Component(const std::string& c) {
  return {{"app.kubernetes.io/component", c},
          {"app.kubernetes.io/name", "briefdesk-" + c},
          {"app.kubernetes.io/part-of", "briefdesk"}};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Overlay::Admits(const Labels& target, int port, const Peer& from) const {
  bool selected = false;
  for (const auto& p : OfKind("NetworkPolicy")) {
    if (!Selects(At(p, {"spec", "podSelector"}), target)) continue;
    selected = true;
    for (const auto& rule : At(p, {"spec", "ingress"})) {
      bool port_ok = !rule["ports"] || rule["ports"].size() == 0;
      for (const auto& pt : rule["ports"])
        port_ok = port_ok || pt["port"].as<int>() == port;
      if (!port_ok) continue;
      if (!rule["from"] || rule["from"].size() == 0) return true;
      for (const auto& peer : rule["from"]) {
        if (peer["ipBlock"]) {
          if (from.external) return true;
          continue;
        }
        if (from.external) continue;
        bool ns_ok = peer["namespaceSelector"]
                         ? !from.ns.empty() &&
                               Selects(peer["namespaceSelector"], from.ns)
                         : from.ns.empty();
        bool pod_ok =
            !peer["podSelector"] || Selects(peer["podSelector"], from.pod);
        if (ns_ok && pod_ok) return true;
      }
    }
  }
  return !selected;
}

Peer From(const std::string& component) { return {Component(component), {}}; }

}  // namespace briefdesk::testing::deploy
