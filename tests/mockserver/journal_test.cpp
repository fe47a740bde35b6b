#include "bedrock/mock/journal.hpp"

#include <gtest/gtest.h>

namespace bedrock::mock {
namespace {

JournalEntry entry(std::string operation) {
  JournalEntry e;
  e.operation = std::move(operation);
  return e;
}

TEST(Journal, NumbersEntriesInArrivalOrder) {
  Journal journal(10);
  journal.record(entry("Converse"));
  journal.record(entry("ConverseStream"));
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].sequence, 1u);
  EXPECT_EQ(entries[0].operation, "Converse");
  EXPECT_EQ(entries[1].sequence, 2u);
}

TEST(Journal, KeepsOnlyTheNewestEntriesUpToItsCapacity) {
  Journal journal(3);
  for (int i = 0; i < 10; ++i) journal.record(entry("op" + std::to_string(i)));
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries.front().operation, "op7");
  EXPECT_EQ(entries.back().operation, "op9");
  EXPECT_EQ(entries.back().sequence, 10u);
  EXPECT_EQ(journal.total_recorded(), 10u);
}

TEST(Journal, ClearEmptiesButKeepsNumbering) {
  Journal journal(3);
  journal.record(entry("a"));
  journal.clear();
  EXPECT_TRUE(journal.entries().empty());
  journal.record(entry("b"));
  EXPECT_EQ(journal.entries().front().sequence, 2u);
}

TEST(Journal, SerialisesEntriesWithCamelCaseMembers) {
  JournalEntry e = entry("Converse");
  e.model_id = "us.amazon.nova-micro-v1:0";
  e.status = 400;
  const auto json = to_json(e);
  EXPECT_EQ(json.at("operation"), "Converse");
  EXPECT_EQ(json.at("modelId"), "us.amazon.nova-micro-v1:0");
  EXPECT_EQ(json.at("status"), 400);
}

}  // namespace
}  // namespace bedrock::mock
