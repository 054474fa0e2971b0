#include <gtest/gtest.h>

#include "ledger/note.h"
#include "ledger/tiles.h"

namespace sunlight::ledger {
namespace {

// The example key and note of the C2SP signed-note specification (also in Go's tests).
constexpr const char* kSkey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr const char* kVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr const char* kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr const char* kSig =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

TEST(SignedNote, MatchesTheSpecificationExample) {
  auto signer = NoteSigner::parse(kSkey);
  ASSERT_TRUE(signer.is_ok()) << signer.status().to_string();
  EXPECT_EQ(signer->verifier_key(), kVkey);
  EXPECT_EQ(signer->private_key_string(), kSkey);
  EXPECT_EQ(signer->sign(kText), std::string(kText) + "\n" + kSig);
  auto verifier = NoteVerifier::parse(kVkey);
  ASSERT_TRUE(verifier.is_ok());
  auto text = verifier->open(std::string(kText) + "\n" + kSig);
  ASSERT_TRUE(text.is_ok()) << text.status().to_string();
  EXPECT_EQ(*text, kText);
}

TEST(SignedNote, RejectsTamperingAndForeignKeys) {
  auto verifier = *NoteVerifier::parse(kVkey);
  std::string note = std::string(kText) + "\n" + kSig;
  std::string changed = note;
  changed[3] = 'X';
  EXPECT_FALSE(verifier.open(changed).is_ok());
  auto other = NoteSigner::generate("PeterNeumann");
  EXPECT_FALSE(verifier.open(other.sign(kText)).is_ok());
  EXPECT_FALSE(verifier.open(kText).is_ok());  // no signatures
  // A second, unknown signature is ignored; ours still verifies.
  auto witness = NoteSigner::generate("witness.example");
  std::string cosigned = note + witness.sign(kText).substr(std::string(kText).size() + 1);
  EXPECT_TRUE(verifier.open(cosigned).is_ok());
  EXPECT_FALSE(
      NoteVerifier::parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .is_ok());
  EXPECT_FALSE(NoteVerifier::parse("bad name+c74f20a3+ARpc").is_ok());
}

TEST(Checkpoint, BodyRoundTrip) {
  Checkpoint cp{"sunlight.example/demo", 12345, crypto::sha256("x")};
  auto parsed = Checkpoint::parse(cp.body());
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->origin, cp.origin);
  EXPECT_EQ(parsed->size, 12345u);
  EXPECT_EQ(parsed->root, cp.root);
  EXPECT_FALSE(Checkpoint::parse("o\n012\nAAAA\n").is_ok());
  EXPECT_FALSE(Checkpoint::parse("o\n12\n").is_ok());
  EXPECT_FALSE(Checkpoint::parse("o\n12\nnotbase64\n").is_ok());
}

TEST(Tiles, PathsFollowTlogTiles) {
  EXPECT_EQ((TileCoord{false, 0, 1234067, 256}).path(), "tile/0/x001/x234/067");
  EXPECT_EQ((TileCoord{false, 1, 0, 5}).path(), "tile/1/000.p/5");
  EXPECT_EQ((TileCoord{true, 0, 1000, 256}).path(), "tile/entries/x001/000");
  for (auto p :
       {"0/x001/x234/067", "1/000.p/5", "entries/x001/000", "entries/255.p/255", "3/999"}) {
    auto t = parse_tile_path(p);
    ASSERT_TRUE(t.is_ok()) << p;
    EXPECT_EQ(t->path(), std::string("tile/") + p);
  }
}

TEST(Tiles, RejectsNonCanonicalPaths) {
  for (auto p : {"",         "0",         "0/1",       "0/0001",      "0/x000/001",
                 "01/000",   "64/000",    "0/000.p/0", "0/000.p/256", "0/000.p/05",
                 "0/000.p/", "0/000.q/5", "x/000",     "0/x1/000",    "0/abc",
                 "entries",  "0/000/",    "0//000",    "-1/000",      "0/000.p/5/6"}) {
    EXPECT_FALSE(parse_tile_path(p).is_ok()) << p;
  }
}

TEST(Tiles, BundleEntriesAreLengthPrefixed) {
  std::string bundle;
  append_bundle_entry(bundle, "ab");
  append_bundle_entry(bundle, std::string(300, 'x'));
  ASSERT_EQ(bundle.size(), 2u + 2 + 2 + 300);
  EXPECT_EQ(bundle.substr(0, 4), std::string("\x00\x02"
                                             "ab",
                                             4));
  EXPECT_EQ(static_cast<uint8_t>(bundle[4]), 1);
  EXPECT_EQ(static_cast<uint8_t>(bundle[5]), 44);
}

}  // namespace
}  // namespace sunlight::ledger
