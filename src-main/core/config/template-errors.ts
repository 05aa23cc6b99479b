/** Errors of finding, reading and embedding templates; each names the template it is about. */

/** A locator that cannot be read: bad syntax, missing file, failed download, too large. */
export class TemplateLocatorError extends Error {}

/** `template:NAME` found nowhere on the search path; the message lists the path and what exists. */
export class TemplateNotFoundError extends TemplateLocatorError {}

/** Embedding `base:` failed: a loop, a digest, a base that is not a YAML map. */
export class TemplateEmbedError extends Error {}
