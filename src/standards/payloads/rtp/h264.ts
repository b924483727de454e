/**
 * Placeholder H.264 access units for synthetic video calls: NAL unit headers are real
 * (ITU-T H.264 §7.3.1: forbidden_zero_bit, nal_ref_idc, nal_unit_type) so dissectors recognise
 * SPS/PPS/IDR/non-IDR slices, but the slice data is filler, not decodable video. Packetised as
 * RFC 6184 §5.6 single NAL unit packets (payload = one NAL unit, no start code).
 */
export const H264_NAL_NON_IDR = 1;
export const H264_NAL_IDR = 5;
export const H264_NAL_SPS = 7;
export const H264_NAL_PPS = 8;

/** SPS for Constrained Baseline level 3.1 (profile_idc 66) and a PPS, both syntactically plausible. */
const SPS = Uint8Array.of(0x67, 0x42, 0xc0, 0x1f, 0xda, 0x01, 0x40, 0x16, 0xe8, 0x40, 0x00, 0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x0f, 0x23, 0xc6, 0x0c, 0xa8);
const PPS = Uint8Array.of(0x68, 0xce, 0x3c, 0x80);

export function h264ParameterSets(): Uint8Array[] {
  return [SPS.slice(), PPS.slice()];
}

/** A dummy slice NAL unit of `size` bytes; `fill` supplies filler bytes (e.g. from a seeded PRNG). */
export function h264DummySlice(idr: boolean, size: number, fill: (i: number) => number): Uint8Array {
  const nal = new Uint8Array(Math.max(2, size));
  nal[0] = idr ? 0x60 | H264_NAL_IDR : 0x40 | H264_NAL_NON_IDR; // nal_ref_idc 3 for IDR, 2 for P
  nal[1] = 0x88; // first_mb_in_slice = 0, slice_type ue(v) start
  for (let i = 2; i < nal.length; i++) nal[i] = fill(i) & 0xff;
  return nal;
}

export function h264NalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}
