#include "services/notification/open_stream.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "services/notification/stream_clock.h"

namespace briefdesk::notification {
namespace {

// The notifications table of every replica, in memory.
class FakeSource : public StreamSource {
 public:
  int64_t Add(const std::string& user) {
    rows_.push_back({user, ++seq_});
    return seq_;
  }
  absl::StatusOr<int64_t> Latest(const std::string& user) override {
    if (!up) return absl::UnavailableError("database down");
    int64_t latest = 0;
    for (const auto& [u, s] : rows_) latest = u == user ? s : latest;
    return latest;
  }
  absl::StatusOr<std::vector<v1::Notification>> After(const std::string& user,
                                                      int64_t sequence,
                                                      int limit) override {
    ++reads[user];
    if (!up) return absl::UnavailableError("database down");
    std::vector<v1::Notification> out;
    for (const auto& [u, s] : rows_) {
      if (u != user || s <= sequence || int(out.size()) == limit) continue;
      out.emplace_back().set_sequence(s);
    }
    read_ahead += out.size();
    return out;
  }
  absl::StatusOr<Written> WrittenSince(int64_t sequence) override {
    ++polls;
    Written w{{}, sequence};
    for (const auto& [u, s] : rows_) {
      if (s > sequence) w.users.push_back(u);
      w.last = std::max(w.last, s);
    }
    return w;
  }
  absl::StatusOr<int64_t> Newest() override {
    ++polls;
    return seq_;
  }

  bool up = true;
  std::map<std::string, int> reads;  // After calls per person
  size_t read_ahead = 0;             // notifications read in all
  int polls = 0;

 private:
  std::vector<std::pair<std::string, int64_t>> rows_;
  int64_t seq_ = 0;
};

// The RPC: records what was sent; a write completes when the test says.
class FakeWriter : public StreamWriter {
 public:
  void Send(const v1::StreamItem* item) override {
    EXPECT_FALSE(outstanding) << "a second write while one is outstanding";
    outstanding = true;
    sent.push_back(*item);
  }
  void End(const absl::Status& status) override {
    EXPECT_FALSE(outstanding);
    EXPECT_FALSE(ended.has_value());
    ended = status;
  }
  std::vector<v1::StreamItem> sent;
  bool outstanding = false;
  std::optional<absl::Status> ended;
};

class OpenStreamTest : public ::testing::Test {
 protected:
  struct Client {
    FakeWriter writer;
    std::shared_ptr<OpenStream> stream;
  };

  std::unique_ptr<Client> Open(const std::string& user,
                               std::optional<int64_t> after = std::nullopt) {
    auto c = std::make_unique<Client>();
    c->stream = std::make_shared<OpenStream>(
        user, after, &source, &hub,
        [this](std::function<void()> job) { jobs.push_back(std::move(job)); },
        &c->writer);
    c->stream->Start();
    RunJobs();
    return c;
  }
  void RunJobs() {
    while (!jobs.empty()) {
      auto job = std::move(jobs.front());
      jobs.pop_front();
      job();
    }
  }
  // Completes writes (running the reads they lead to) until none is left;
  // the sequences of the notifications sent meanwhile.
  std::vector<int64_t> Drain(Client& c) {
    std::vector<int64_t> got;
    size_t from = c.writer.sent.size();
    while (c.writer.outstanding || !jobs.empty()) {
      RunJobs();
      if (!c.writer.outstanding) break;
      c.writer.outstanding = false;
      c.stream->Written(true);
    }
    for (size_t i = from; i < c.writer.sent.size(); ++i) {
      if (c.writer.sent[i].has_notification()) {
        got.push_back(c.writer.sent[i].notification().sequence());
      }
    }
    return got;
  }

  FakeSource source;
  Hub hub;
  std::deque<std::function<void()>> jobs;
};

TEST_F(OpenStreamTest, ConfirmsFirstThenSendsOnlyWhatComesAfter) {
  source.Add("ana");
  auto c = Open("ana");
  ASSERT_EQ(c->writer.sent.size(), 1u);
  EXPECT_FALSE(c->writer.sent[0].has_notification());  // the confirmation
  EXPECT_TRUE(Drain(*c).empty());
  int64_t a = source.Add("ana"), b = source.Add("ana");
  hub.Notify({"ana"});
  EXPECT_EQ(Drain(*c), (std::vector<int64_t>{a, b}));
}

TEST_F(OpenStreamTest, ResumesAfterLastEventIdInOrderOneBatchAtATime) {
  for (int i = 0; i < 250; ++i) source.Add("ana");
  source.Add("ben");
  auto c = Open("ana", 0);
  ASSERT_FALSE(c->writer.sent.empty());
  EXPECT_FALSE(c->writer.sent[0].has_notification());
  // Memory stays bounded: never more than a batch read ahead of the writes.
  std::vector<int64_t> got;
  while (c->writer.outstanding) {
    size_t written = c->writer.sent.size() - 1;  // the confirmation aside
    EXPECT_LE(source.read_ahead, written + OpenStream::kBatch + 1);
    RunJobs();
    c->writer.outstanding = false;
    c->stream->Written(true);
    RunJobs();
  }
  for (const auto& item : c->writer.sent) {
    if (item.has_notification()) got.push_back(item.notification().sequence());
  }
  ASSERT_EQ(got.size(), 250u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], int64_t(i + 1));
}

TEST_F(OpenStreamTest, OnlyTheStreamsOfThoseNotifiedRead) {
  auto ana = Open("ana");
  auto ben = Open("ben");
  Drain(*ana);
  Drain(*ben);
  source.reads.clear();
  source.Add("ben");
  hub.Notify({"ben"});
  EXPECT_EQ(Drain(*ben).size(), 1u);
  EXPECT_EQ(source.reads["ana"], 0);
  EXPECT_EQ(source.reads["ben"], 1);
}

TEST_F(OpenStreamTest, HeartbeatsWaitForTheWriteInHandAndDoNotPileUp) {
  auto c = Open("ana");  // the confirmation is still being written
  hub.Beat();
  hub.Beat();
  EXPECT_EQ(c->writer.sent.size(), 1u);
  Drain(*c);
  ASSERT_EQ(c->writer.sent.size(), 2u);  // one heartbeat for both beats
  EXPECT_FALSE(c->writer.sent[1].has_notification());
}

TEST_F(OpenStreamTest, ACancelledStreamEndsOnceItsWriteCompletes) {
  auto c = Open("ana");
  EXPECT_EQ(hub.size(), 1u);
  c->stream->Cancel();
  EXPECT_FALSE(c->writer.ended.has_value());  // the write is outstanding
  c->writer.outstanding = false;
  c->stream->Written(false);
  ASSERT_TRUE(c->writer.ended.has_value());
  EXPECT_EQ(hub.size(), 0u);
  hub.Notify({"ana"});  // nothing happens to an ended stream
  EXPECT_TRUE(jobs.empty());
}

TEST_F(OpenStreamTest, StoppingEndsEveryStreamAndRefusesNewOnes) {
  auto a = Open("ana");
  auto b = Open("ben");
  Drain(*b);
  hub.Stop();
  EXPECT_TRUE(b->writer.ended.has_value() && b->writer.ended->ok());
  Drain(*a);
  EXPECT_TRUE(a->writer.ended.has_value() && a->writer.ended->ok());
  auto late = Open("cleo");
  ASSERT_TRUE(late->writer.ended.has_value());
  EXPECT_EQ(late->writer.ended->code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(late->writer.sent.empty());
}

TEST_F(OpenStreamTest, ADatabaseFailureEndsTheStreamWithItsStatus) {
  source.up = false;
  auto c = Open("ana");
  ASSERT_TRUE(c->writer.ended.has_value());
  EXPECT_EQ(c->writer.ended->code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(hub.size(), 0u);
}

TEST_F(OpenStreamTest, OneLookFindsWhatOtherReplicasWroteAndWakesOnlyThem) {
  StreamClock clock(&hub, &source, std::chrono::seconds(15),
                    std::chrono::seconds(1));
  clock.Poll();
  EXPECT_EQ(source.polls, 0);  // no stream open: no query
  auto ana = Open("ana");
  auto ben = Open("ben");
  Drain(*ana);
  Drain(*ben);
  clock.Poll();  // the first look: where things stand
  Drain(*ana);
  Drain(*ben);
  source.reads.clear();
  int64_t s = source.Add("ana");  // written by another replica
  clock.Poll();
  EXPECT_EQ(Drain(*ana), std::vector<int64_t>{s});
  EXPECT_EQ(source.reads["ben"], 0);
  EXPECT_EQ(source.polls, 2);  // one query a look, whatever the streams
}

}  // namespace
}  // namespace briefdesk::notification
