// Prints the gateway's OpenAPI document: the one /v1/openapi.json serves,
// from the same route table, for the schema validation in validate.mjs.
#include <iostream>

#include "services/gateway/gateway.h"
#include "services/gateway/openapi.h"

int main() {
  std::cout << briefdesk::gateway::OpenApiJson(
                   briefdesk::gateway::Gateway::DefaultRoutes())
            << "\n";
  return 0;
}
