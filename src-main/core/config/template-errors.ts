/** Errors of finding, reading and embedding templates; each names the template it is about. */

/** A locator that cannot be read: bad syntax, missing file, failed download, too large. */
export class TemplateLocatorError extends Error {}

/** `template:NAME` found nowhere on the search path; the message lists the path and what exists. */
export class TemplateNotFoundError extends TemplateLocatorError {}

/** Embedding `base:` failed: a loop, a digest, a base that is not a YAML map. */
export class TemplateEmbedError extends Error {}

/** A template that is not valid YAML; `problems` says where and what, in the writer's terms. */
export class TemplateSyntaxError extends TemplateLocatorError {
  constructor(
    readonly source: string,
    readonly problems: ReadonlyArray<{ line: number; col: number; message: string }>,
  ) {
    const first = problems[0];
    super(`cannot parse template "${source}"${first ? `: line ${first.line}, column ${first.col}: ${first.message}` : ''}`);
  }
}
