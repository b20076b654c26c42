// The OpenAPI document served at /openapi (META-INF/openapi.yaml) checked with a real validator, and against the
// JAX-RS resources in the source tree, so that a generated client finds every endpoint, schema and error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";

const root = new URL("../../../", import.meta.url).pathname;
const documentPath = join(root, "src/main/resources/META-INF/openapi.yaml");
const METHODS = ["get", "post", "put", "delete", "patch"];

function javaFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? javaFiles(path) : path.endsWith(".java") ? [path] : [];
  });
}

/** Every "METHOD /api/v1/path" the JAX-RS resources declare, read from their annotations. */
function declaredOperations() {
  const operations = new Set();
  for (const file of javaFiles(join(root, "src/main/java"))) {
    const source = readFileSync(file, "utf8");
    // a servlet under the API: its doGet/doPost..., or the methods its service() lets through Problems.serves
    // its paths: @WebServlet("/api/v1/x") or @WebServlet({"/api/v1/x", "/api/v1/y"}), urlPatterns = either
    const servlet = source.match(/@WebServlet\((?:urlPatterns = )?(\{[^}]*\}|"[^"]*")/);
    const paths = servlet ? [...servlet[1].matchAll(/"(\/api\/v1\/[^"*]*)"/g)].map((m) => m[1]) : [];
    if (paths.length > 0) {
      const done = [...source.matchAll(/protected void do(Get|Post|Put|Delete|Patch)\(/g)].map((m) => m[1]);
      const served = [...source.matchAll(/Problems\.serves\(request, response, "([^"]*)"\)/g)]
        .flatMap((m) => m[1].split(", ")).filter((verb) => /^(GET|POST|PUT|DELETE|PATCH)$/.test(verb));
      const verbs = [...new Set([...done, ...served].map((verb) => verb.toLowerCase()))];
      paths.forEach((path) => verbs.forEach((verb) => operations.add(`${verb} ${path}`)));
      continue;
    }
    const type = source.match(/@Path\("([^"]*)"\)\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*public class/);
    if (!type) continue;
    const base = type[1];
    const annotated = /((?:@[\w.]+(?:\((?:[^()]|\([^)]*\))*\))?\s*)+)public [\w<>, ?]+ \w+\(/g;
    for (const [, block] of source.matchAll(annotated)) {
      const verb = block.match(/@(GET|POST|PUT|DELETE|PATCH)\b/);
      if (!verb) continue;
      const sub = block.match(/@Path\("([^"]*)"\)/)?.[1] ?? "";
      const path = ["/api/v1", base, sub].filter(Boolean).join("/").replace(/\/+/g, "/").replace(/\/$/, "");
      operations.add(`${verb[1].toLowerCase()} ${path.replace(/\{(\w+)(:[^}]*)?\}/g, "{$1}")}`);
    }
  }
  return operations;
}

test("the OpenAPI document is valid OpenAPI 3", async () => {
  const api = await SwaggerParser.validate(documentPath);
  assert.match(api.openapi, /^3\./);
  assert.deepEqual(Object.keys(api).filter((k) => !["openapi", "info", "servers", "security", "tags", "paths", "components"].includes(k)), []);
});

test("every operation has a unique operationId, and its errors are problem documents", async () => {
  const api = await SwaggerParser.dereference(documentPath);
  const ids = new Set();
  for (const [path, item] of Object.entries(api.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      assert.ok(operation.operationId, `${method} ${path} has an operationId`);
      assert.ok(!ids.has(operation.operationId), `operationId ${operation.operationId} is unique`);
      ids.add(operation.operationId);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) {
          assert.ok(response.content?.["application/problem+json"], `${method} ${path} ${status} is application/problem+json`);
        }
      }
      if (operation.requestBody) {
        assert.ok(operation.requestBody.content["application/json"].schema, `${method} ${path} has a request schema`);
        // every body is bounded, and refused in another charset than it names, or compressed
        for (const status of ["413", "415"]) {
          assert.ok(operation.responses[status], `${method} ${path} documents ${status}`);
        }
      }
    }
  }
});

test("every resource method of the REST API is in the document, and nothing else", async () => {
  const api = await SwaggerParser.parse(documentPath);
  const documented = new Set(Object.entries(api.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`)));
  const declared = declaredOperations();
  assert.ok(declared.size > 30, `found the resources (${declared.size})`);
  assert.deepEqual([...declared].filter((op) => !documented.has(op)).sort(), [], "undocumented operations");
  assert.deepEqual([...documented].filter((op) => !declared.has(op)).sort(), [], "documented operations that do not exist");
});
