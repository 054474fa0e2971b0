// Events as types: the field list gives the leaf's data and payload, the parser reads them
// back, and anything the type does not describe is caught by the round trip rebuild checks.
#include "ledger/event_type.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace sunlight::ledger {
namespace {

struct Part {
  int64_t seq = 0;
  std::optional<std::string> ref;
  static constexpr auto fields() {
    return std::tuple{data("seq", &Part::seq, ""), data("ref", &Part::ref, "")};
  }
};

struct ThingDone {
  static constexpr const char* kType = "thing.done";
  static constexpr const char* kDoc = "a thing was done";
  std::string no;
  bool late = false;
  std::optional<std::string> next;
  std::vector<Part> parts;
  std::map<std::string, std::string> tags;
  nlohmann::json record;
  std::optional<std::string> note;
  static constexpr auto fields() {
    using E = ThingDone;
    return std::tuple{data("no", &E::no, "the number"),
                      data("late", &E::late, ""),
                      data("next", &E::next, "what follows"),
                      data("parts", &E::parts, ""),
                      data("tags", &E::tags, ""),
                      data("record", &E::record, ""),
                      personal("note", &E::note, "a note")};
  }
};

ThingDone sample() {
  ThingDone t;
  t.no = "A-1";
  t.late = true;
  t.parts = {Part{1, "x"}, Part{2, std::nullopt}};
  t.tags = {{"b", "2"}, {"a", "1"}};
  t.record = {{"name", "记录"}, {"n", 3}};
  t.note = "私人备注";
  return t;
}

TEST(EventType, WritesPublicDataAndPersonalPayloadApart) {
  Event e = to_event(sample());
  EXPECT_EQ(e.type, "thing.done");
  EXPECT_EQ(e.data, R"({"late":true,"no":"A-1","parts":[{"ref":"x","seq":1},{"seq":2}],)"
                    R"("record":{"n":3,"name":"记录"},"tags":{"a":"1","b":"2"}})");
  ASSERT_TRUE(e.personal);
  EXPECT_EQ(*e.personal, R"({"note":"私人备注"})");
  // The struct travels with the event, for its applier.
  ASSERT_TRUE(e.typed);
  EXPECT_EQ(*e.typed_as, typeid(ThingDone));
  EXPECT_EQ(static_cast<const ThingDone*>(e.typed.get())->no, "A-1");
}

// The texts are written straight from the struct; they must be exactly the canonical form of
// the document the fields describe, whatever the values hold.
TEST(EventType, WritesTheCanonicalFormOfItsDocumentForAnyValues) {
  const std::vector<std::string> texts = {
      "",         "plain",   "引号\"与\\反斜杠",         "控制\x01\x1f\n\t\r\b\f",
      "\x7f删除", "€ and 😀", "\xee\x80\x80 private use", "</script>"};
  int cases = 0;
  for (const auto& a : texts)
    for (const auto& b : texts) {
      ThingDone t;
      t.no = a;
      t.late = a.size() % 2 == 0;
      if (!b.empty()) t.next = b;
      t.parts = {Part{static_cast<int64_t>(a.size()) - 7, b},
                 Part{(int64_t{1} << 53), std::nullopt}};
      t.tags = {{a, b}, {b + "x", a}, {"\xef\xbc\x81全角", "x"}, {"\xf0\x9f\x98\x80", "y"}};
      t.record = {{a, {{"nested", b}, {"n", -3}}}, {"list", {a, nullptr, true, 0}}};
      if (a.size() > 3) t.note = a + b;
      Event e = to_event(t);
      ASSERT_EQ(e.data, jcs::canonical(data_of(t))) << a << " / " << b;
      if (t.note) {
        ASSERT_TRUE(e.personal);
        ASSERT_EQ(*e.personal, jcs::canonical(nlohmann::json{{"note", *t.note}}));
      } else {
        ASSERT_FALSE(e.personal);
      }
      ++cases;
    }
  EXPECT_EQ(cases, 64);
}

TEST(EventType, RefusesWhatALeafCannotHold) {
  ThingDone t = sample();
  t.record = {{"area", 35.5}};  // a float in the public data
  EXPECT_THROW(to_event(t), std::domain_error);
  t = sample();
  t.no = "\xff not UTF-8";
  EXPECT_THROW(to_event(t), std::domain_error);
  t = sample();
  t.parts = {Part{int64_t{1} << 54, std::nullopt}};  // beyond what a double holds exactly
  EXPECT_THROW(to_event(t), std::domain_error);
}

TEST(EventType, NoPersonalPayloadWhenEveryPersonalFieldIsEmpty) {
  ThingDone t = sample();
  t.note.reset();
  EXPECT_FALSE(to_event(t).personal);
}

TEST(EventType, ReadsBackWhatItWrote) {
  Event e = to_event(sample());
  auto personal = e.personal_json();
  ThingDone back = from_leaf<ThingDone>(e.data_json(), &*personal);
  EXPECT_EQ(to_event(back).data, e.data);
  EXPECT_EQ(back.note, "私人备注");
  EXPECT_EQ(back.parts.at(1).ref, std::nullopt);
  // An erased payload: the public data alone.
  EXPECT_EQ(from_leaf<ThingDone>(e.data_json(), nullptr).note, std::nullopt);
}

TEST(EventType, AMalformedLeafNamesTheEventAndTheField) {
  Event e = to_event(sample());
  auto missing = e.data_json();
  missing.erase("no");
  try {
    from_leaf<ThingDone>(missing, nullptr);
    FAIL() << "parsed a leaf without its number";
  } catch (const BadEvent& x) {
    EXPECT_NE(std::string(x.what()).find("thing.done"), std::string::npos) << x.what();
    EXPECT_NE(std::string(x.what()).find("no"), std::string::npos) << x.what();
  }
  auto wrong = e.data_json();
  wrong["late"] = "yes";
  EXPECT_THROW(from_leaf<ThingDone>(wrong, nullptr), BadEvent);
  wrong = e.data_json();
  wrong["parts"][0]["seq"] = "1";
  EXPECT_THROW(from_leaf<ThingDone>(wrong, nullptr), BadEvent);
}

TEST(EventType, AFieldTheTypeDoesNotDescribeDoesNotSurviveTheRoundTrip) {
  // This is how rebuild notices a leaf its type does not fully describe.
  Event e = to_event(sample());
  auto extra = e.data_json();
  extra["unknown"] = 1;
  auto personal = e.personal_json();
  Event again = to_event(from_leaf<ThingDone>(extra, &*personal));
  EXPECT_NE(again.data, jcs::canonical(extra));
}

TEST(EventType, RegistersItsHandlerAndItsDocumentation) {
  Registry registry;
  int applied = 0;
  on<ThingDone>(registry, [&](store::Connection&, const ThingDone& t, const Applied&) {
    EXPECT_EQ(t.no, "A-1");
    ++applied;
  });
  ASSERT_TRUE(registry.knows("thing.done"));
  auto docs = registry.docs();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].summary, "a thing was done");
  ASSERT_EQ(docs[0].data.size(), 6u);
  EXPECT_EQ(docs[0].data[2].name, "next");
  EXPECT_TRUE(docs[0].data[2].optional);
  EXPECT_FALSE(docs[0].data[0].optional);
  ASSERT_EQ(docs[0].personal.size(), 1u);
  EXPECT_EQ(docs[0].personal[0].name, "note");
  // A second handler for one type is a programming error.
  EXPECT_THROW(on<ThingDone>(registry, [](store::Connection&, const ThingDone&, const Applied&) {}),
               std::logic_error);
  // The handler's reserialisation is the type's.
  Event e = to_event(sample());
  LeafRecord leaf{kLeafVersion,  "thing.done", 0, Actor::system_actor("test"),
                  e.data_json(), "c0ffee"};
  auto personal = e.personal_json();
  Event again = registry.handler("thing.done")->reserialise(leaf, &*personal);
  EXPECT_EQ(again.data, e.data);
  EXPECT_EQ(*again.personal, *e.personal);
}

}  // namespace
}  // namespace sunlight::ledger
