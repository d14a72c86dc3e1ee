// CSV as organizers exchange it with spreadsheets: participant lists come in
// from Excel, LibreOffice or Google Sheets, progress boards go out to them.
//
// Reading is strict about anything that would silently shift a cell (a stray
// quote, a row wider than the header, text that is not UTF-8) and lenient
// about what spreadsheets legitimately vary on (line ends, a BOM, the
// separator, trailing empty cells), so that an error is always something
// the organizer can find and fix at the row number the message gives.
// Pure functions; no I/O.
#ifndef BRIEFDESK_LIBS_CSV_CSV_H_
#define BRIEFDESK_LIBS_CSV_CSV_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace briefdesk::csv {

struct Limits {
  size_t max_bytes = 1 << 20;
  size_t max_rows = 1000;  // data rows, the header not included
  size_t max_fields = 50;  // columns in the header
  size_t max_field_bytes = 4096;
};

struct Table {
  // Column names, trimmed of surrounding ASCII whitespace.
  std::vector<std::string> header;
  // Every row has header.size() cells: rows with fewer are padded with "",
  // because spreadsheets drop trailing empty cells.
  std::vector<std::vector<std::string>> rows;
  // For each row, its row number as a spreadsheet shows it: records are
  // counted, not physical lines (a quoted cell may hold line breaks), and a
  // blank line counts as the empty row a spreadsheet shows for it.
  std::vector<int> row_lines;
  // The header's row number: 1 unless the file starts with blank lines.
  int header_row = 1;
};

// Parses CSV (RFC 4180) into a Table whose first record is the header.
//
// Accepted: CRLF, LF or a lone CR ending a record; a UTF-8 BOM at the start
// (dropped); a last record without a line end; quoted cells with "" for a
// quote and with separators or line breaks inside (kept byte for byte).
// Blank lines are skipped; a line of separators alone is a row of empty
// cells. Cells are returned as they are (not trimmed, not normalized;
// control characters are left to text::Problem where the value is used).
//
// The separator is ';' when the header record, outside quotes, contains no
// ',' but at least one ';' (Excel writes ';' where the decimal separator is
// a comma); otherwise ','. A one-column header whose name contains ';' must
// therefore be quoted.
//
// Errors are INVALID_ARGUMENT with a message for the organizer that names
// the row (and the column, where there is one), and ErrorRow() gives the row
// number: invalid UTF-8, a quoted cell never closed (the row where it
// opens), a quote inside a cell that does not start with one, characters
// after a closing quote, a row with more cells than the header, no header,
// and each of `limits`. The size limit is checked before anything else.
absl::StatusOr<Table> Parse(std::string_view text, const Limits& limits = {});

// The row number of a Parse or Columns error; 0 when the error is not about
// a row (the file is too large) or did not come from this library.
int ErrorRow(const absl::Status& status);

struct WriteOptions {
  // Excel takes a CSV without a BOM for the local code page, so non-ASCII
  // names only open correctly with one.
  bool bom = false;
};

// RFC 4180 with ',' and CRLF line ends, read back by Parse as written. A
// cell is quoted when it contains a comma, semicolon, quote, CR or LF,
// starts or ends with a space, or starts with a BOM; a row's only cell is
// quoted when empty, so that it is not a blank line.
//
// A cell starting with '=', '+', '-', '@', tab or CR is written with a "'"
// before it so that a spreadsheet shows it as text instead of evaluating it
// as a formula (OWASP, CSV injection); plain numbers such as "-3" or "+1.5"
// are written as they are. Parse does not remove that "'".
std::string Write(const std::vector<std::vector<std::string>>& rows,
                  const WriteOptions& options = {});

// Maps column names to the header's column indexes: first `required`, then
// `optional` (-1 for an optional column that is absent). Names compare
// trimmed and ASCII case-insensitively. Columns with an empty name are
// ignored when every cell in them is empty too (spreadsheets export
// formatted but unused columns). INVALID_ARGUMENT at the header row, naming
// every problem at once: missing required columns, unknown and duplicate
// columns, and unnamed columns holding values.
absl::StatusOr<std::vector<int>> Columns(
    const Table& table, const std::vector<std::string>& required,
    const std::vector<std::string>& optional);

}  // namespace briefdesk::csv

#endif  // BRIEFDESK_LIBS_CSV_CSV_H_
