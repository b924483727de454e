/**
 * Speech-like test audio for synthetic calls: a glottal pulse train with jittered, drifting pitch
 * through three formant resonators (source-filter model), shaped into syllables and words with
 * pauses, alternating between the two talkers of a call. Played back it sounds like muffled
 * babble in two voices, so an agency console's player can be checked by ear; silence carries a
 * faint noise floor, as a real handset without VAD sends.
 */
import type { Random } from './random.ts';

export const SAMPLE_RATE = 8000;

/** Formant frequencies (Hz) of a few vowels (Peterson & Barney 1952 averages, male voice). */
const VOWELS = [
  [730, 1090, 2440],
  [270, 2290, 3010],
  [300, 870, 2240],
  [530, 1840, 2480],
  [570, 840, 2410],
  [660, 1720, 2410],
] as const;
const BANDWIDTHS = [90, 110, 170] as const;

/** Turn-taking plan of a call: who talks when (ms from the start of media). */
export interface TalkTurn {
  talker: 0 | 1;
  startMs: number;
  endMs: number;
}

export function planConversation(random: Random, durationMs: number): TalkTurn[] {
  const turns: TalkTurn[] = [];
  let t = random.int(200, 800);
  let talker: 0 | 1 = random.chance(0.5) ? 0 : 1;
  while (t < durationMs) {
    const length = random.int(1200, 4500);
    turns.push({ talker, startMs: t, endMs: Math.min(durationMs, t + length) });
    t += length + random.int(150, 700);
    talker = talker === 0 ? 1 : 0;
  }
  return turns;
}

class Resonator {
  private y1 = 0;
  private y2 = 0;
  private b1 = 0;
  private b2 = 0;
  private gain = 0;
  set(frequency: number, bandwidth: number): void {
    const r = Math.exp((-Math.PI * bandwidth) / SAMPLE_RATE);
    this.b1 = 2 * r * Math.cos((2 * Math.PI * frequency) / SAMPLE_RATE);
    this.b2 = -r * r;
    this.gain = 1 - this.b1 - this.b2; // unity gain at DC keeps levels comparable across vowels
  }
  step(x: number): number {
    const y = this.gain * x + this.b1 * this.y1 + this.b2 * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** One talker's voice; `render` is called with consecutive 20 ms frames. */
export class SpeechSynth {
  private readonly formants = [new Resonator(), new Resonator(), new Resonator()];
  private phase = 0;
  private syllableLeft = 0;
  private syllableLength = 1;
  private syllablePitch = 1;
  private voiced = true;
  private pauseLeft = 0;
  private sampleClock = 0;

  constructor(
    private readonly random: Random,
    private readonly talker: 0 | 1,
    private readonly turns: readonly TalkTurn[],
    /** Mean fundamental frequency in Hz (e.g. 115 for a low voice, 210 for a high one). */
    private readonly pitchHz: number,
    private readonly level = 9000,
  ) {}

  private turnIndex = 0;

  /** Whether this talker speaks at `ms`; turns are visited in order, frames arrive in order. */
  private talking(ms: number): boolean {
    while (this.turnIndex < this.turns.length && (this.turns[this.turnIndex]?.endMs ?? 0) <= ms) this.turnIndex++;
    const turn = this.turns[this.turnIndex];
    return turn !== undefined && turn.talker === this.talker && ms >= turn.startMs;
  }

  private nextSyllable(): void {
    const vowel = this.random.pick(VOWELS);
    this.formants.forEach((f, i) => f.set(vowel[i]! * (this.talker === 1 ? 1.15 : 1), BANDWIDTHS[i]!));
    this.syllableLength = this.random.int(0.09 * SAMPLE_RATE, 0.28 * SAMPLE_RATE);
    this.syllableLeft = this.syllableLength;
    this.syllablePitch = 1 + this.random.gaussian() * 0.08;
    this.voiced = !this.random.chance(0.15); // some fricative-like syllables
    this.pauseLeft = this.random.chance(0.25) ? this.random.int(0.05 * SAMPLE_RATE, 0.2 * SAMPLE_RATE) : 0;
  }

  /** Renders `count` samples of 16-bit linear audio. */
  render(count: number): Int16Array {
    const out = new Int16Array(count);
    // talk/silence is decided per frame (20 ms granularity is far below a turn's length)
    const talking = this.talking((this.sampleClock * 1000) / SAMPLE_RATE);
    for (let i = 0; i < count; i++, this.sampleClock++) {
      const noiseFloor = (this.random.float() - 0.5) * 24;
      if (!talking) {
        out[i] = Math.round(noiseFloor);
        continue;
      }
      if (this.syllableLeft <= 0) {
        if (this.pauseLeft > 0) {
          this.pauseLeft--;
          out[i] = Math.round(noiseFloor);
          continue;
        }
        this.nextSyllable();
      }
      const progress = 1 - this.syllableLeft / this.syllableLength;
      this.syllableLeft--;
      const envelope = Math.sqrt(Math.sin(Math.PI * progress));
      // pitch falls slightly across a syllable, as in declarative intonation
      const f0 = this.pitchHz * this.syllablePitch * (1.08 - 0.16 * progress);
      this.phase += f0 / SAMPLE_RATE;
      let source: number;
      if (this.voiced) {
        const pulse = this.phase >= 1 ? 1 : 0;
        if (this.phase >= 1) this.phase -= 1;
        source = pulse * 4 + (this.random.float() - 0.5) * 0.15;
      } else source = (this.random.float() - 0.5) * 1.2;
      let y = source;
      for (const f of this.formants) y = f.step(y);
      const sample = y * this.level * envelope * (this.voiced ? 0.25 : 0.6) + noiseFloor;
      out[i] = Math.max(-32768, Math.min(32767, Math.round(sample)));
    }
    return out;
  }
}
