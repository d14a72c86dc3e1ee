// deploy/k8s: every overlay renders with `kubectl kustomize`, and the
// rendered objects keep the rules of the deployment (issue 6): resources,
// probes and a locked-down security context on every container, pinned
// image tags, Secrets for secrets, configuration names the run command
// knows, and NetworkPolicies under which only the gateway is reachable from
// outside, the services only from the gateway and each other, and
// PostgreSQL and Redis only from the services.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/deploy/rendered.h"

namespace briefdesk::testing {
namespace {

using namespace deploy;  // NOLINT: the test's own vocabulary

class DeployTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DeployTest, Renders) {
  Overlay o(GetParam());
  ASSERT_EQ(o.exit_code(), 0)
      << "kubectl kustomize deploy/k8s/overlays/" << GetParam();
  EXPECT_GT(o.objects().size(), 10u);
  EXPECT_EQ(o.OfKind("Deployment").size(), 1 + kServices.size());
}

TEST_P(DeployTest, EveryContainerHasResourcesProbesAndALockedDownContext) {
  Overlay o(GetParam());
  int containers = 0;
  for (const std::string kind : {"Deployment", "StatefulSet"}) {
    for (const auto& w : o.OfKind(kind)) {
      std::string name = Str(At(w, {"metadata", "name"}));
      const YAML::Node pod = At(w, {"spec", "template", "spec"});
      EXPECT_EQ(Str(At(pod, {"securityContext", "seccompProfile", "type"})),
                "RuntimeDefault")
          << name;
      for (const auto& c : pod["containers"]) {
        ++containers;
        SCOPED_TRACE(name + "/" + Str(c["name"]));
        for (const char* kind2 : {"requests", "limits"}) {
          EXPECT_TRUE(At(c, {"resources", kind2, "cpu"})) << kind2;
          EXPECT_TRUE(At(c, {"resources", kind2, "memory"})) << kind2;
        }
        EXPECT_TRUE(c["readinessProbe"]);
        EXPECT_TRUE(c["livenessProbe"]);
        bool non_root =
            (At(pod, {"securityContext", "runAsNonRoot"}) &&
             At(pod, {"securityContext", "runAsNonRoot"}).as<bool>()) ||
            (At(c, {"securityContext", "runAsNonRoot"}) &&
             At(c, {"securityContext", "runAsNonRoot"}).as<bool>());
        EXPECT_TRUE(non_root) << "runAsNonRoot";
        const YAML::Node sc = c["securityContext"];
        EXPECT_TRUE(sc["readOnlyRootFilesystem"] &&
                    sc["readOnlyRootFilesystem"].as<bool>());
        EXPECT_TRUE(sc["allowPrivilegeEscalation"] &&
                    !sc["allowPrivilegeEscalation"].as<bool>());
        bool drops_all = false;
        for (const auto& cap : At(sc, {"capabilities", "drop"}))
          drops_all |= cap.as<std::string>() == "ALL";
        EXPECT_TRUE(drops_all) << "capabilities.drop: [ALL]";

        std::string image = Str(c["image"]);
        size_t slash = image.rfind('/');
        size_t colon = image.find(':', slash == std::string::npos ? 0 : slash);
        EXPECT_TRUE(colon != std::string::npos ||
                    image.find("@sha256:") != std::string::npos)
            << image << " has no tag";
        if (colon != std::string::npos) {
          EXPECT_NE(image.substr(colon + 1), "latest") << image;
        }

        // The gateway is probed over HTTP, the services with gRPC health.
        std::string component =
            Str(At(w, {"spec", "template", "metadata", "labels",
                       "app.kubernetes.io/component"}));
        if (component == "gateway") {
          EXPECT_EQ(Str(At(c, {"readinessProbe", "httpGet", "path"})),
                    "/readyz");
          EXPECT_EQ(Str(At(c, {"livenessProbe", "httpGet", "path"})),
                    "/healthz");
        } else if (kServices.count(component)) {
          EXPECT_TRUE(At(c, {"readinessProbe", "grpc"}))
              << "gRPC readiness probe";
          EXPECT_TRUE(At(c, {"livenessProbe", "grpc"}))
              << "gRPC liveness probe";
        }
      }
    }
  }
  EXPECT_GE(containers, 6);
}

TEST_P(DeployTest, OnlyTheGatewayIsReachableFromOutside) {
  Overlay o(GetParam());
  bool default_deny = false;
  for (const auto& p : o.OfKind("NetworkPolicy")) {
    const YAML::Node spec = p["spec"];
    bool empty_selector =
        !spec["podSelector"] || spec["podSelector"].size() == 0;
    default_deny |= empty_selector && !spec["ingress"];
  }
  EXPECT_TRUE(default_deny) << "a default-deny ingress policy";

  Labels gateway = Component("gateway");
  Labels postgres = GetParam() == "production"
                        ? Labels{{"cnpg.io/cluster", "briefdesk-db"}}
                        : Component("postgres");
  EXPECT_TRUE(o.Admits(gateway, 8080, kOutside));
  EXPECT_TRUE(o.Admits(gateway, 8080, kOtherNamespace));
  for (const auto& [svc, port] : kServices) {
    SCOPED_TRACE(svc);
    Labels target = Component(svc);
    EXPECT_FALSE(o.Admits(target, port, kOutside));
    EXPECT_FALSE(o.Admits(target, port, kOtherNamespace));
    EXPECT_FALSE(o.Admits(target, port, From("redis")));
    EXPECT_TRUE(o.Admits(target, port, From("gateway")));
    for (const auto& [other, unused] : kServices) {
      EXPECT_TRUE(o.Admits(target, port, From(other)));
    }
    EXPECT_TRUE(o.Admits(Component("redis"), 6379, From(svc)));
    EXPECT_TRUE(o.Admits(postgres, 5432, From(svc)));
  }
  for (const Peer& p : {kOutside, kOtherNamespace, From("gateway")}) {
    EXPECT_FALSE(o.Admits(Component("redis"), 6379, p));
    EXPECT_FALSE(o.Admits(postgres, 5432, p));
  }
  // Metrics only from the monitoring namespace.
  Peer monitoring{{{"app", "prometheus"}},
                  {{"kubernetes.io/metadata.name", "monitoring"}}};
  EXPECT_TRUE(o.Admits(Component("review"), 9090, monitoring));
  EXPECT_FALSE(o.Admits(Component("review"), 9090, kOtherNamespace));
  EXPECT_FALSE(o.Admits(Component("review"), 9090, kOutside));
}

TEST_P(DeployTest, ConfigurationUsesTheRunCommandsNamesAndSecretsStaySecret) {
  Overlay o(GetParam());
  std::string documented =
      ReadFile(std::string(BRIEFDESK_SOURCE_DIR) + "/docs/configuration.md");
  YAML::Node config = o.Config();
  ASSERT_TRUE(config) << "ConfigMap briefdesk-config";
  std::set<std::string> names;
  for (const auto& kv : config) names.insert(kv.first.as<std::string>());
  int grace = 0;
  for (const std::string& n : names) {
    SCOPED_TRACE(n);
    EXPECT_TRUE(n.rfind("BRIEFDESK_", 0) == 0 || n.rfind("PG", 0) == 0);
    EXPECT_NE(documented.find("`" + n + "`"), std::string::npos)
        << "not in docs/configuration.md";
    for (const char* secret : {"KEY", "PASSWORD", "SECRET", "TOKEN"}) {
      EXPECT_EQ(n.find(secret), std::string::npos) << "a secret in a ConfigMap";
    }
  }
  grace = config["BRIEFDESK_SHUTDOWN_DELAY_SECONDS"].as<int>() +
          config["BRIEFDESK_SHUTDOWN_GRACE_SECONDS"].as<int>();
  std::set<std::string> from_secrets;
  for (const auto& d : o.OfKind("Deployment")) {
    const YAML::Node pod = At(d, {"spec", "template", "spec"});
    EXPECT_GT(pod["terminationGracePeriodSeconds"].as<int>(), grace)
        << Str(At(d, {"metadata", "name"})) << ": the delay and grace must fit";
    for (const auto& c : pod["containers"]) {
      for (const auto& e : c["env"]) {
        std::string n = Str(e["name"]);
        if (At(e, {"valueFrom", "secretKeyRef"})) from_secrets.insert(n);
        if (n.rfind("BRIEFDESK_", 0) == 0) {
          EXPECT_NE(documented.find("`" + n + "`"), std::string::npos) << n;
        }
        for (const char* secret : {"KEY", "PASSWORD"}) {
          if (n.find(secret) != std::string::npos) {
            EXPECT_TRUE(At(e, {"valueFrom", "secretKeyRef"}))
                << n << " must come from a Secret";
          }
        }
      }
    }
  }
  EXPECT_TRUE(from_secrets.count("BRIEFDESK_ADMIN_API_KEY"));
  EXPECT_TRUE(from_secrets.count("PGPASSWORD"));
  EXPECT_TRUE(from_secrets.count("BRIEFDESK_WEBHOOK_SECRET_KEY"));
  EXPECT_TRUE(from_secrets.count("BRIEFDESK_SMTP_PASSWORD"));
}

// Each service listens where the ConfigMap sends its clients, behind a
// headless Service, probed on that port, with its own database.
TEST_P(DeployTest, EveryServiceIsWiredToItsPortAndDatabase) {
  Overlay o(GetParam());
  YAML::Node config = o.Config();
  ASSERT_TRUE(config) << "ConfigMap briefdesk-config";
  for (const auto& [svc, port] : kServices) {
    SCOPED_TRACE(svc);
    std::string upper;
    for (char c : svc) upper += static_cast<char>(std::toupper(c));
    std::string name = "briefdesk-" + svc;
    EXPECT_EQ(Str(config["BRIEFDESK_" + upper + "_ADDR"]),
              "dns:///" + name + ":" + std::to_string(port));
    EXPECT_EQ(Str(config["BRIEFDESK_" + upper + "_DATABASE_URL"]),
              "dbname=" + svc);

    YAML::Node service = o.Named("Service", name);
    ASSERT_TRUE(service);
    EXPECT_EQ(Str(At(service, {"spec", "clusterIP"})), "None") << "headless";
    bool grpc_port = false;
    for (const auto& p : At(service, {"spec", "ports"}))
      grpc_port |= Str(p["name"]) == "grpc" && p["port"].as<int>() == port;
    EXPECT_TRUE(grpc_port) << "Service port grpc " << port;

    YAML::Node d = o.Named("Deployment", name);
    ASSERT_TRUE(d);
    EXPECT_EQ(Str(At(d, {"spec", "template", "metadata", "labels",
                         "app.kubernetes.io/component"})),
              svc);
    const YAML::Node c = At(d, {"spec", "template", "spec", "containers"})[0];
    EXPECT_EQ(Str(c["image"]).rfind("briefdesk/" + svc + ":", 0), 0u)
        << Str(c["image"]);
    bool listens = false;
    for (const auto& e : c["env"]) {
      listens |= Str(e["name"]) == "BRIEFDESK_" + upper + "_ADDR" &&
                 Str(e["value"]) == "0.0.0.0:" + std::to_string(port);
    }
    EXPECT_TRUE(listens) << "BRIEFDESK_" << upper << "_ADDR=0.0.0.0:" << port;
    for (const char* probe :
         {"startupProbe", "readinessProbe", "livenessProbe"})
      EXPECT_EQ(At(c, {probe, "grpc", "port"}).as<int>(0), port) << probe;
  }

  // briefs is the database PostgreSQL starts with; the others are created.
  std::set<std::string> databases = {"briefs"};
  if (GetParam() == "production") {
    for (const auto& db : o.OfKind("Database"))
      databases.insert(Str(At(db, {"spec", "name"})));
  } else {
    YAML::Node init = o.Named("ConfigMap", "briefdesk-postgres-init");
    std::string sql;
    for (const auto& kv : At(init, {"data"}))
      sql += kv.second.as<std::string>();
    for (const auto& [svc, unused] : kServices) {
      if (sql.find("CREATE DATABASE " + svc + ";") != std::string::npos)
        databases.insert(svc);
    }
  }
  for (const auto& [svc, unused] : kServices)
    EXPECT_TRUE(databases.count(svc)) << "no database " << svc;
}

TEST_P(DeployTest, RedisAppendsToAVolume) {
  Overlay o(GetParam());
  YAML::Node redis = o.Named("StatefulSet", "briefdesk-redis");
  ASSERT_TRUE(redis);
  std::vector<std::string> args;
  for (const auto& a :
       At(redis, {"spec", "template", "spec", "containers"})[0]["args"]) {
    args.push_back(a.as<std::string>());
  }
  auto it = std::find(args.begin(), args.end(), "--appendonly");
  ASSERT_NE(it, args.end());
  EXPECT_EQ(*(it + 1), "yes");
  EXPECT_EQ(
      Str(At(redis, {"spec", "volumeClaimTemplates"})[0]["metadata"]["name"]),
      "data");
}

INSTANTIATE_TEST_SUITE_P(Overlays, DeployTest,
                         ::testing::Values("local", "production"));

TEST(DeployOverlayTest, LocalRunsPostgresAsAStatefulSet) {
  Overlay o("local");
  YAML::Node pg = o.Named("StatefulSet", "briefdesk-postgres");
  ASSERT_TRUE(pg);
  EXPECT_TRUE(At(pg, {"spec", "volumeClaimTemplates"}));
  EXPECT_EQ(o.OfKind("Secret").size(), 2u);
}

TEST(DeployOverlayTest, ProductionScalesBudgetsAndUsesCloudNativePG) {
  Overlay o("production");
  YAML::Node hpa = o.Named("HorizontalPodAutoscaler", "briefdesk-gateway");
  ASSERT_TRUE(hpa);
  EXPECT_EQ(Str(At(hpa, {"spec", "scaleTargetRef", "name"})),
            "briefdesk-gateway");
  EXPECT_GE(At(hpa, {"spec", "minReplicas"}).as<int>(), 2);
  for (const auto& d : o.OfKind("Deployment")) {
    std::string name = Str(At(d, {"metadata", "name"}));
    EXPECT_GE(At(d, {"spec", "replicas"}).as<int>(), 2) << name;
    bool budget = false;
    for (const auto& pdb : o.OfKind("PodDisruptionBudget")) {
      budget |=
          Selects(At(pdb, {"spec", "selector"}),
                  LabelsOf(At(d, {"spec", "template", "metadata", "labels"})));
    }
    EXPECT_TRUE(budget) << name << " has no PodDisruptionBudget";
  }
  YAML::Node cluster = o.Named("Cluster", "briefdesk-db");
  ASSERT_TRUE(cluster);
  EXPECT_EQ(Str(cluster["apiVersion"]), "postgresql.cnpg.io/v1");
  EXPECT_GE(At(cluster, {"spec", "instances"}).as<int>(), 2);
  EXPECT_FALSE(o.Named("StatefulSet", "briefdesk-postgres"));
  EXPECT_EQ(o.OfKind("Secret").size(), 0u)
      << "production Secrets are not in the repository";
  EXPECT_EQ(Str(o.Config()["PGHOST"]), "briefdesk-db-rw");
}

// Published links and the Atom feed are built from BRIEFDESK_PUBLIC_URL,
// never from a request's Host: production must set it, to the https
// address the Ingress serves.
TEST(DeployOverlayTest, ProductionSetsAnHttpsPublicUrl) {
  Overlay o("production");
  std::string url = Str(o.Config()["BRIEFDESK_PUBLIC_URL"]);
  ASSERT_EQ(url.rfind("https://", 0), 0u) << "BRIEFDESK_PUBLIC_URL=" << url;
  std::string host = url.substr(std::string("https://").size());
  host = host.substr(0, host.find_first_of(":/"));
  EXPECT_FALSE(host.empty());
  EXPECT_EQ(url.find_first_of("?#@"), std::string::npos) << url;
  EXPECT_NE(url.back(), '/') << url;
  std::set<std::string> served;
  for (const auto& ingress : o.OfKind("Ingress")) {
    for (const auto& rule : At(ingress, {"spec", "rules"})) {
      served.insert(Str(rule["host"]));
    }
  }
  EXPECT_TRUE(served.count(host)) << host << " is not a host of the Ingress";
}

}  // namespace
}  // namespace briefdesk::testing
