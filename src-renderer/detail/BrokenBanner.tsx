/**
 * Why an instance is Broken, said once at the top of its details: the first problem with its
 * file and line, and a button that opens the Config tab at that line when it is in lima.yaml.
 */
import { TriangleAlert } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import { isInLimaYaml, parseProblem, placeText } from '../instances/problem-text';

export function BrokenBanner({ instance, onOpenConfig }: { instance: InstanceSummary; onOpenConfig: (line?: number) => void }) {
  const [first, ...rest] = instance.errors;
  if (instance.status !== 'Broken' || first === undefined) return null;
  const problem = parseProblem(first);
  const place = placeText(problem);
  const inConfig = isInLimaYaml(problem, instance.dir);
  return (
    <div className="message-warning broken-banner" role="note" aria-label={`Why ${instance.name} is broken`}>
      <TriangleAlert aria-hidden="true" className="broken-icon" />
      <div className="broken-text">
        <strong>{instance.name} is broken</strong>
        {place && <span className="broken-place"> · {place}</span>}
        <p className="broken-message">{problem.message}</p>
        {!problem.file && <p className="hint">Stop clears what is left of its last run (it is forced for a Broken instance); then start it again.</p>}
        {rest.length > 0 && (
          <details>
            <summary>
              {rest.length} more problem{rest.length === 1 ? '' : 's'}
            </summary>
            <ul>
              {rest.map((text, i) => {
                const p = parseProblem(text);
                const where = placeText(p);
                return <li key={i}>{where ? `${where}: ${p.message}` : p.message}</li>;
              })}
            </ul>
          </details>
        )}
      </div>
      {inConfig && (
        <button type="button" onClick={() => onOpenConfig(problem.line)}>
          {problem.line !== undefined ? `Open Config at line ${problem.line}` : 'Open Config'}
        </button>
      )}
    </div>
  );
}
