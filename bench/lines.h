// The benchmark lines, in groups that share their setup. Each returns its
// lines' results; a setup that fails throws SetupError.
#ifndef BRIEFDESK_BENCH_LINES_H_
#define BRIEFDESK_BENCH_LINES_H_

#include <vector>

#include "bench/bench.h"

namespace briefdesk::bench {

// "bare Beast" and "hop": the baseline servers as child processes.
std::vector<LineResult> BaselineLines(Bench& b);
// "pgbench": the TPC-B-like script on the stack's PostgreSQL.
std::vector<LineResult> PgbenchLines(Bench& b);
// "read brief", "PATCH brief", "POST brief".
std::vector<LineResult> RestLines(Bench& b);
// "published page", "published index".
std::vector<LineResult> PublishedLines(Bench& b);
// "claim @<depth>" for each depth, then "claim+complete".
std::vector<LineResult> ReviewLines(Bench& b);
// "import again", "import dry run", "import new", "progress JSON",
// "progress CSV": a course of thirty participants.
std::vector<LineResult> CourseLines(Bench& b);
// "analytics course", "analytics all", "analytics CSV": six years of
// courses seeded into the courses database.
std::vector<LineResult> AnalyticsLines(Bench& b);
// "SSE idle": memory and threads of the gateway and notification service
// with many idle event streams open.
std::vector<LineResult> SseLines(Bench& b);

}  // namespace briefdesk::bench

#endif  // BRIEFDESK_BENCH_LINES_H_
