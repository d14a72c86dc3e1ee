// Validates an OpenAPI document (a file path) against the official OpenAPI
// 3.0 JSON schema and resolves every $ref; exits non-zero with the reason.
import SwaggerParser from "@apidevtools/swagger-parser";
import { readFileSync } from "node:fs";

const file = process.argv[2];
const doc = JSON.parse(readFileSync(file, "utf8"));
try {
  const api = await SwaggerParser.validate(doc);
  const operations = Object.values(api.paths)
    .map((item) => Object.keys(item).length)
    .reduce((a, b) => a + b, 0);
  console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths, ${operations} operations`);
} catch (err) {
  console.error(`invalid OpenAPI document: ${err.message}`);
  process.exit(1);
}
