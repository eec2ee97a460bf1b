// HAR 1.2 validation with the community schema (har-schema, draft-06 JSON Schema) and ajv.
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

export function harValidator(): (doc: unknown) => string[] {
  const schemas = require('har-schema') as Record<string, { $id: string }>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The formats the HAR schema names (ajv-formats is not installed): RFC 3339 date-time and the
  // two address forms of serverIPAddress (oneOf: an address must be exactly one of them).
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addFormat('ipv4', /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/);
  ajv.addFormat('ipv6', /^(?=.*:)[0-9a-fA-F:.]+$/);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#')!;
  return (doc) => {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
