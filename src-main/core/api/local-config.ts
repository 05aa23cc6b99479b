/** lima.yaml as a front door reads it from files: load and validate, templates, the schema. */
export { loadLimaYaml } from '../config/load';
export type { ConfigIssue } from '../config/types';
export { resolveTemplate, TemplateEmbedError, TemplateLocatorError } from '../config/templates';
export { validateTemplate } from '../config/template-validate';
export { limaYamlJsonSchema } from '../config/schema';
export { formatIssue } from '../store/issue-text';
