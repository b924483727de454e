/**
 * `warranted audit report` end to end, as an overseer runs it: a separate OS process on a log
 * directory, its key and witness policy, writing JSON, CSV or HTML; refusing a tampered log and a
 * bad period with their codes; and `checkReportFile` run the way `audit verify --report FILE` runs
 * it. The commands are registered by src/cli/audit/command.ts (owned elsewhere): until it calls
 * registerReportCommand, the process is a small commander program registering exactly these
 * commands; once bin/warranted.mjs has them, the same checks run through it too.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRIES_FILE } from '../../src/audit/index.ts';
import { formatReportJson, parsePeriod, parseReportCsv, parseReportText, reportFromVerifiedLog } from '../../src/audit/report/index.ts';
import { reportVerification } from '../../src/cli/audit/report-command.ts';
import { EXPECTED_2026, writeReportStory } from './report-story.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const COMMAND = pathToFileURL(join(ROOT, 'src/cli/audit/report-command.ts')).href;

/** `audit report` from report-command.ts, and `audit verify --report` as command.ts is asked to add it. */
const HARNESS = `
import { Command } from 'commander';
import { checkReportFile, registerReportCommand } from ${JSON.stringify(COMMAND)};
const program = new Command('warranted');
const audit = program.command('audit');
registerReportCommand(audit);
audit.command('verify').requiredOption('--dir <dir>').requiredOption('--key <file>').requiredOption('--report <file>')
  .action(async (o) => {
    const differences = await checkReportFile(o.dir, o.key, o.report, o);
    for (const d of differences) process.stdout.write('REPORT DIFFERENCE: ' + d + '\\n');
    process.exitCode = differences.length === 0 ? 0 : 1;
  });
await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

type Run = (args: string[]) => { status: number | null; stdout: string; stderr: string };

const viaHarness: Run = (args) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HARNESS, '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const viaBin: Run = (args) => spawnSync(process.execPath, ['bin/warranted.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

/** Whether bin/warranted.mjs registers the new `audit report` (it has --format) and `verify --report`. */
function binHas(args: string[], flag: string): boolean {
  const help = viaBin([...args, '--help']);
  return help.status === 0 && help.stdout.includes(flag);
}

async function scenario(run: Run): Promise<void> {
  const log = await writeReportStory();
  const common = ['audit', 'report', '--dir', log.dir, '--key', log.keyFile];
  const expected = formatReportJson(await reportFromVerifiedLog(log.dir, log.keyFile, parsePeriod('2026'), { verification: reportVerification(log.dir) }));

  const json = run([...common, '--period', '2026-01..2026-12', '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  assert.equal(json.stdout, expected, 'the process prints the canonical JSON the library computes');
  assert.deepEqual((JSON.parse(json.stdout) as { totals: unknown }).totals, EXPECTED_2026.totals);

  const fromTo = run([...common, '--from', '2026-01-01', '--to', '2026-12-31']);
  assert.equal(fromTo.status, 0, fromTo.stderr);
  assert.equal(fromTo.stdout, expected, '--from/--to of the same days is the same period');
  const byDefault = run(common);
  assert.equal(byDefault.status, 0, byDefault.stderr);
  assert.deepEqual((JSON.parse(byDefault.stdout) as { period: unknown }).period, parsePeriod('2025..2026'), 'default: the calendar years the log spans');

  const csvFile = join(log.dir, 'report.csv');
  const csv = run([...common, '--period', '2026', '--format', 'csv', '--out', csvFile]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout, '');
  assert.match(csv.stderr, /^wrote .*report\.csv: 4 order\(s\), 795 record\(s\) \(155 IRI, 640 content\), 5 refused, 1 rogue task\(s\)/);
  assert.equal(formatReportJson(parseReportCsv(readFileSync(csvFile, 'utf8'))), expected);

  const htmlFile = join(log.dir, 'report.html');
  const html = run([...common, '--period', '2026', '--format', 'html', '--out', htmlFile]);
  assert.equal(html.status, 0, html.stderr);
  assert.equal(formatReportJson(parseReportText(readFileSync(htmlFile, 'utf8')).report), expected);

  // audit verify --report: the published files match; an edited one is named.
  for (const file of [csvFile, htmlFile]) {
    const check = run(['audit', 'verify', '--dir', log.dir, '--key', log.keyFile, '--report', file]);
    assert.equal(check.status, 0, `${file}: ${check.stdout}${check.stderr}`);
  }
  writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace('2026-05,25,90,115', '2026-05,25,9,34'));
  const edited = run(['audit', 'verify', '--dir', log.dir, '--key', log.keyFile, '--report', csvFile]);
  assert.equal(edited.status, 1);
  assert.match(edited.stdout, /recordsByMonth\[month=2026-05\]\.contentRecords: the report says 9, the log gives 90/);

  // Refusals: a bad period; a tampered log (one line dropped) gets no report at all.
  const badPeriod = run([...common, '--period', '2026-13']);
  assert.equal(badPeriod.status, 1);
  assert.match(badPeriod.stderr, /^error: AUDIT_REPORT_BAD_PERIOD: /);
  const entries = join(log.dir, ENTRIES_FILE);
  const lines = readFileSync(entries, 'utf8').split('\n');
  lines.splice(20, 1);
  writeFileSync(entries, lines.join('\n'));
  const outFile = join(log.dir, 'tampered.json');
  const tampered = run([...common, '--period', '2026', '--out', outFile]);
  assert.equal(tampered.status, 1);
  assert.match(tampered.stderr, /^error: AUDIT_REPORT_UNVERIFIED: the log does not verify/);
  assert.equal(tampered.stdout, '');
  assert.equal(existsSync(outFile), false, 'nothing written');
}

describe('warranted audit report, as a process', () => {
  test('report-command.ts in its own process: formats, files, check, refusals', { timeout: 300_000 }, async () => {
    await scenario(viaHarness);
  });

  test('through bin/warranted.mjs', { timeout: 300_000 }, async (t) => {
    if (!binHas(['audit', 'report'], '--format') || !binHas(['audit', 'verify'], '--report')) {
      const reason = 'bin/warranted.mjs does not yet register registerReportCommand and verify --report (src/cli/audit/command.ts, owned elsewhere): covered above by the same commands in their own process';
      console.log(`SKIPPED: ${reason}`);
      t.skip(reason);
      return;
    }
    await scenario(viaBin);
  });
});
