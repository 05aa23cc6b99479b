/**
 * JSON Schema (draft 2020-12) for lima.yaml, generated from the field table so that editors,
 * `limadesk schema` and the validator agree. Every field also accepts null: Lima's templates
 * spell out unset fields as `key: null`.
 */
import { LIMA_YAML_ROOT, type FieldSpec } from './fields';

type Schema = Record<string, unknown>;

const NULL: Schema = { type: 'null' };

function withMeta(schema: Schema, spec: FieldSpec): Schema {
  const out: Schema = { description: spec.description, ...schema };
  if (spec.deprecated) out.deprecated = true;
  return out;
}

/** The schema of one value, without null (added by the caller). */
function valueSchema(spec: FieldSpec): Schema {
  switch (spec.kind) {
    case 'string':
      if (spec.anyScalar) return { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };
      return spec.enum ? { type: 'string', enum: [...spec.enum] } : { type: 'string' };
    case 'number':
      return { type: spec.integer ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const schema: Schema = { type: 'array', items: spec.items ? fieldSchema(spec.items) : {} };
      if (spec.length !== undefined) Object.assign(schema, { minItems: spec.length, maxItems: spec.length });
      return schema;
    }
    case 'map': {
      const schema: Schema = { type: 'object', additionalProperties: spec.items ? fieldSchema(spec.items) : true };
      if (spec.keyEnum) schema.propertyNames = { enum: [...spec.keyEnum] };
      return schema;
    }
    case 'object': {
      const properties: Record<string, Schema> = {};
      for (const [name, child] of Object.entries(spec.children ?? {})) properties[name] = fieldSchema(child);
      return { type: 'object', properties, additionalProperties: spec.openKeys === true };
    }
  }
}

function fieldSchema(spec: FieldSpec): Schema {
  const value = valueSchema(spec);
  const variants = spec.stringForm ? [{ type: 'string' }, value, NULL] : [value, NULL];
  return withMeta({ anyOf: variants }, spec);
}

export function limaYamlJsonSchema(): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'lima.yaml',
    ...withMeta(valueSchema(LIMA_YAML_ROOT), LIMA_YAML_ROOT),
  };
}
