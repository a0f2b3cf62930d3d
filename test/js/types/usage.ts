// A program written against lib/index.d.ts: it must type-check under --strict (types.test.js).
import ggen, { GgenError, graph, template, project, generate, plan, apply, validate, watch, runtime } from '../../../lib/index';
import type { Plan, GenerateReport, SelectResult, WatchHandle, Diagnostic } from '../../../lib/index';

export async function usage(signal: AbortSignal): Promise<string[]> {
  const lines: string[] = [`ggen ${ggen.version}`];
  const g = await graph.load(['domain.ttl', { text: '<a:b> <a:c> <a:d> .', format: 'ntriples' }], { signal });
  const rows = (await g.query('SELECT ?s WHERE { ?s ?p ?o }')) as SelectResult;
  lines.push(String(rows.rows.length), String(g instanceof graph.Graph));
  lines.push(await template.renderString('Hello {{ name | pascal }}', { name: 'ada' }));
  const report: GenerateReport = await generate({ project: '.', cache: true, signal, onProgress: (p) => lines.push(p.phase) });
  const saved: Plan = await plan({ template: 'a.tmpl', output: 'out', vars: { n: 1 } });
  await apply(saved, { checkStale: true });
  const v = await validate({ project: '.' });
  const first: Diagnostic | undefined = v.diagnostics[0];
  if (first) lines.push(`${first.file}:${first.line}:${first.column} ${first.code}`);
  const info = await project.info('.');
  lines.push(info.root, String(report.written ?? 0));
  await ggen.generateTree('tree.yaml', { output: 'svc', vars: { name: 'billing' } });
  const handle: WatchHandle = watch({ project: '.' });
  handle.on('error', (err) => lines.push(err.code));
  await handle.close();
  lines.push(String(runtime.stats().threads));
  try {
    await runtime.ping({ signal });
  } catch (err) {
    if (err instanceof GgenError) lines.push(err.code, err.hint ?? '');
  }
  return lines;
}
