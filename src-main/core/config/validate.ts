/**
 * Lima's lima.yaml validation, in Lima's order and with Lima's messages, but reporting every
 * problem at once with the field's position instead of one joined error string.
 */
import { parseByteSize } from './units';
import type { ConfigIssue, FilledLimaYAML, LimaYAML } from './types';
import { IssueSink, type ValidateContext } from './validate-context';
import { validateBasics } from './validate-basics';
import { validateMounts } from './validate-mounts';
import { validateContainerd, validateProbes, validateProvision } from './validate-provision';
import { validateDns, validateNetworks, validatePortForwards } from './validate-network';
import { validateParamIsUsed as checkParamsUsed, validateParams, validateUserAndDevices, warnExperimental } from './validate-misc';

export type { ValidateContext } from './validate-context';

export function validateLimaYaml(config: FilledLimaYAML, ctx: ValidateContext): ConfigIssue[] {
  const sink = new IssueSink(ctx);
  validateBasics(config, ctx, sink);
  validateMounts(config, ctx, sink);
  if (!validateProvision(config, sink)) return sink.issues;
  validateContainerd(config, sink);
  validateProbes(config, sink);
  validatePortForwards(config, ctx, sink);
  validateDns(config, sink);
  validateNetworks(config, ctx, sink);
  validateParams(config, sink);
  if (ctx.warn) warnExperimental(config, ctx, sink);
  validateUserAndDevices(config, sink);
  return sink.issues;
}

/** Every `param` must be used; run on the config as written, before defaults expand templates. */
export function validateParamIsUsed(raw: LimaYAML, ctx: Pick<ValidateContext, 'file' | 'positionOf'> = {}): ConfigIssue[] {
  const sink = new IssueSink(ctx);
  checkParamsUsed(raw, sink);
  return sink.issues;
}

/** Checks an edited config against the one the instance was created with: the disk can only grow. */
export function validateAgainstLatestConfig(
  latest: LimaYAML,
  next: LimaYAML,
  ctx: Pick<ValidateContext, 'file' | 'positionOf'> = {},
): ConfigIssue[] {
  const sink = new IssueSink(ctx);
  // A template that leaves `disk` out keeps the size it has.
  if (latest.disk === undefined || next.disk === undefined) return sink.issues;
  let latestBytes: number;
  let nextBytes: number;
  try {
    latestBytes = parseByteSize(latest.disk);
    nextBytes = parseByteSize(next.disk);
  } catch (err) {
    sink.error(['disk'], `field \`disk\` has an invalid value: ${(err as Error).message}`);
    return sink.issues;
  }
  if (nextBytes < latestBytes) {
    sink.error(['disk'], `field \`disk\`: shrinking the disk (${latest.disk} --> ${next.disk}) is not supported`);
  }
  return sink.issues;
}
