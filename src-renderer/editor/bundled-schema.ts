/**
 * The lima.yaml JSON Schema, bundled at build time. `npm run schema` regenerates the file from
 * the config field table, so completion and hover docs follow the validator's fields.
 */
import schemaJson from '../../assets/schema-limayaml.json';
import type { JsonSchema } from './schema-help';

export const limaYamlSchema: JsonSchema = schemaJson as JsonSchema;
