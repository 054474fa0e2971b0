// C2SP tlog-tiles coordinates: tiles of height 8 (256 hashes) and entry bundles.
//
//   tile/<L>/<N>[.p/<W>]        hashes of level 8·L nodes N·256 … N·256+W−1, 32 bytes each
//   tile/entries/<N>[.p/<W>]    entries N·256 … N·256+W−1, each as uint16 big-endian length
//                               followed by the entry bytes
//
// <N> is written in groups of three digits, all but the last prefixed with "x"
// (1234067 → x001/x234/067). W is present only for partial tiles (1 ≤ W < 256).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sunlight::ledger {

inline constexpr int kTileHeight = 8;
inline constexpr uint64_t kTileWidth = 256;

struct TileCoord {
  bool entries = false;  // an entry bundle rather than a hash tile
  int level = 0;
  uint64_t index = 0;
  int width = 256;  // 256 for a full tile

  bool partial() const { return width < 256; }
  std::string path() const;  // "tile/0/x001/234.p/5", without a leading slash
};

// Parses what follows "tile/" in a request path, strictly: non-canonical forms (leading
// zeros, x000 groups, W of 0 or 256) are rejected, so each tile has one name.
Result<TileCoord> parse_tile_path(std::string_view rest);

// Appends one entry to an entry bundle.
void append_bundle_entry(std::string& bundle, std::string_view entry);

}  // namespace sunlight::ledger
