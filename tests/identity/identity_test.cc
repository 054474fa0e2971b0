// Access tokens: what a verified token yields, and that remembering verified tokens never
// lets an altered, foreign or expired one through.
#include "identity/identity.h"

#include <gtest/gtest.h>

namespace sunlight::identity {
namespace {

TokenIssuer issuer() {
  return TokenIssuer(crypto::Ed25519Key::generate(), "https://sunlight.example");
}

std::string flip(std::string token, size_t at) {
  token[at] = token[at] == 'A' ? 'B' : 'A';
  return token;
}

TEST(Tokens, VerifiedTwiceGivesTheSameClaims) {
  auto tokens = issuer();
  auto token = tokens.issue(Officer{"mc-police-01", "11990100MB0000301X", {"officer"}, true, {}},
                            std::chrono::seconds(3600));
  for (int i = 0; i < 2; i++) {
    auto claims = tokens.verify(token);
    ASSERT_TRUE(claims.is_ok()) << claims.status().message_en();
    EXPECT_EQ(claims->subject, "mc-police-01");
    EXPECT_EQ(claims->org, "11990100MB0000301X");
    EXPECT_GT(claims->expires_at, claims->issued_at);
  }
}

TEST(Tokens, AnAlteredTokenIsRefusedAfterTheOriginalWasAccepted) {
  auto tokens = issuer();
  auto token = tokens.issue_citizen("990121200003154623", std::chrono::seconds(3600));
  ASSERT_TRUE(tokens.verify(token).is_ok());
  auto dot1 = token.find('.'), dot2 = token.rfind('.');
  EXPECT_FALSE(tokens.verify(flip(token, token.size() - 3)).is_ok());  // the signature
  EXPECT_FALSE(tokens.verify(flip(token, dot1 + 5)).is_ok());          // the claims
  EXPECT_FALSE(tokens.verify(flip(token, 3)).is_ok());                 // the header
  EXPECT_FALSE(tokens.verify(token.substr(0, dot2)).is_ok());
  EXPECT_FALSE(tokens.verify(token + "A").is_ok());
  EXPECT_TRUE(tokens.verify(token).is_ok());
}

TEST(Tokens, AnotherIssuersTokenIsRefused) {
  auto ours = issuer(), theirs = issuer();
  auto token = theirs.issue_citizen("990121200003154623", std::chrono::seconds(3600));
  ASSERT_TRUE(theirs.verify(token).is_ok());
  EXPECT_FALSE(ours.verify(token).is_ok());
}

TEST(Tokens, AnExpiredTokenIsRefusedEveryTime) {
  auto tokens = issuer();
  auto token = tokens.issue_citizen("990121200003154623", std::chrono::seconds(-120));
  for (int i = 0; i < 2; i++) {
    auto claims = tokens.verify(token);
    ASSERT_FALSE(claims.is_ok());
    EXPECT_NE(claims.status().message_en().find("expired"), std::string::npos);
  }
}

}  // namespace
}  // namespace sunlight::identity
