import type { ApiEvent, ApiEventEnvelope } from '../../common/api';
import type { ImageStage } from './instance-image';
import type { DownloadProgress } from './progress';

export function downloadProgressPayload(name: string, p: DownloadProgress): ApiEvent<'downloadProgress'> {
  const payload: ApiEvent<'downloadProgress'> = { name, url: p.url, receivedBytes: p.receivedBytes, done: p.done };
  if (p.totalBytes !== undefined) payload.totalBytes = p.totalBytes;
  if (p.bytesPerSecond !== undefined) payload.bytesPerSecond = p.bytesPerSecond;
  if (p.etaSeconds !== undefined) payload.etaSeconds = p.etaSeconds;
  if (p.error !== undefined) payload.error = p.error;
  return payload;
}

/** The start options that turn one instance's image preparation into pushed API events. */
export function imageEventHandlers(
  name: string,
  emit: (event: ApiEventEnvelope) => void,
  now: () => Date = () => new Date(),
): { onDownloadProgress: (p: DownloadProgress) => void; onImageStage: (stage: ImageStage, message: string) => void } {
  return {
    onDownloadProgress: (p) => emit({ event: 'downloadProgress', payload: downloadProgressPayload(name, p) }),
    onImageStage: (stage, message) => emit({ event: 'bootStage', payload: { name, stage, time: now().toISOString(), message } }),
  };
}
