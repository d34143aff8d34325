//===- Prediction.h - whole-problem predictions and tile search -*- C++ -*-===//
//
// Puts the I/O model's per-bank counts (IOModel.h) together over the
// system: head instances on bank groups, the busiest bank, its time, the
// lower bounds on its bytes, the banks' capacity, and the tile search
// (docs/io-model.md). Plain C++.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_ANALYSIS_PREDICTION_H
#define PILOT_ANALYSIS_PREDICTION_H

#include "pilot/Analysis/IOModel.h"

namespace pilot::analysis {

/// The two lower bounds on a bank's internal bytes (docs/io-model.md).
struct LowerBound {
  int64_t compulsoryBytes = 0;
  int64_t pebblingBytes = 0;
  int64_t bytes() const {
    return compulsoryBytes > pebblingBytes ? compulsoryBytes : pebblingBytes;
  }
  std::string_view binding() const {
    return compulsoryBytes >= pebblingBytes ? "compulsory" : "pebbling";
  }
};

/// Everything the model predicts for one schedule and tile choice.
struct Prediction {
  Schedule schedule = Schedule::Pilot;
  TileChoice tiles;
  int64_t headInstances = 0; ///< (batch, head) pairs on PIM.
  int64_t headsPerBusiestGroup = 0;
  PhaseCounts busiestBank;     ///< Over all its head instances.
  Counts total;                ///< Every bank of the system.
  int64_t externalBytes = 0;   ///< GPU <-> HBM.
  LowerBound busiestBankBound; ///< For the busiest bank's work.
  double ioTimeNs = 0;         ///< Busiest bank, its phases' I/O time.
  double computeTimeNs = 0;    ///< Busiest bank, its phases' compute time.
  /// Column split over several bank groups: what the host's merge of the
  /// groups' partials reads (outputs, maxima, sums) and writes (the
  /// output), and its time on the host's roofline; 0 on one group.
  int64_t mergeBytes = 0;
  double mergeNs = 0;
  /// Busiest bank: I/O, then compute, or the longer of the two where the
  /// tiles stream (docs/io-model.md, Predicted time); then the merge.
  double timeNs = 0;

  /// MACs per internal byte moved, the paper's compute-to-I/O ratio per
  /// FP16 element when multiplied by 2.
  double macsPerByte() const;
};

/// What the busiest bank must hold, in bytes: the tensors of every head
/// instance of its bank group, and the scratch of one instance at a time.
struct BankCapacity {
  int64_t headsPerGroup = 0;
  double queryBytes = 0;    ///< Q rows the bank reads.
  double keyValueBytes = 0; ///< K and V: replicated (row split) or pieces.
  double outputBytes = 0;   ///< O rows the bank writes.
  double scoreBytes = 0;    ///< Scores and probabilities (not fused).
  double availableBytes = 0;
  double neededBytes() const {
    return queryBytes + keyValueBytes + outputBytes + scoreBytes;
  }
};

/// The busiest bank's storage for a problem under a schedule: the whole
/// problem's, whatever part `problem` selects, since its parts share banks.
BankCapacity bankCapacity(const AttentionProblem &problem,
                          const hw::HardwareDescription &hardware,
                          Schedule schedule);
/// Why the problem does not fit in the banks, naming each tensor's bytes,
/// or nothing when it fits.
std::optional<std::string>
capacityError(const AttentionProblem &problem,
              const hw::HardwareDescription &hardware, Schedule schedule);

/// Bytes of a step's block of `rows x keys` scores (naive, pilot): a power
/// of two of whole columns when it fits a DRAM row (so that blocks never
/// straddle one), whole rows otherwise.
int64_t scoreBlockBytes(int64_t rows, int64_t keys,
                        const hw::HardwareDescription &hardware);

/// Where the PILOT schedule's key-stationary column split keeps every
/// tile's scores (docs/compiler.md, Column split): a step's blocks of the
/// tiles `tileBlockStride` apart (as far as their Q rows, rounded to a power
/// of two, so that walks over tiles unroll no further for them), the steps'
/// runs of blocks `stepBlockStride` apart (whole DRAM rows), then the tiles'
/// totals; `bytes` in all.
struct KeyStationaryScores {
  int64_t tileBlockStride = 0, stepBlockStride = 0, bytes = 0;
};
KeyStationaryScores
keyStationaryScores(const Tiles &tiles, int64_t rows, int64_t steps,
                    int64_t headDim, const hw::HardwareDescription &hardware);

/// Where the fused schedule's key-stationary column split keeps its tiles'
/// running state between steps (docs/compiler.md, Loop nests): each
/// tile's partial outputs, maxima and sums (`a (d + 2)` elements, moved in
/// one transfer) `tileStride` apart (a score block's rule,
/// scoreBlockBytes, so that no transfer crosses a DRAM row needlessly);
/// `bytes` in all, whole DRAM rows.
struct KeyStationaryState {
  int64_t tileStride = 0, bytes = 0;
};
KeyStationaryState
keyStationaryState(const Tiles &tiles, int64_t rows, int64_t headDim,
                   const hw::HardwareDescription &hardware);

/// Whether the column split of `part` with `tiles` finds room for its
/// key-stationary scores (the PILOT schedule) or running state (fused)
/// beside the problem's tensors in the busiest bank; where it does not, the
/// tiles walk query-stationary.
bool keyStationaryFits(const AttentionProblem &part,
                       const hw::HardwareDescription &hardware,
                       const Tiles &tiles,
                       Schedule schedule = Schedule::Pilot);

/// How many query heads of a decoding problem may share one head instance
/// (AttentionProblem::sharedHeads): those of one key-value head and one
/// kind, when every key-value head serves runs of as many; else 1, and why.
struct KeyValueSharing {
  int64_t heads = 1;
  std::string refusal; ///< Empty where heads > 1.
};
KeyValueSharing keyValueSharing(const AttentionProblem &problem);
/// How a prediction counts the banks of the system: each distinct work
/// once and alike banks together (countedFields), or every bank on its
/// own, which is slower and what the first must equal to the last bit.
enum class BankCounting { Alike, EveryBank };

/// The model's counts for a problem, schedule and tiles. Precondition: the
/// pattern is valid for the problem's shape and the tiles feasible.
Prediction predict(const AttentionProblem &problem,
                   const hw::HardwareDescription &hardware, Schedule schedule,
                   const TileChoice &tiles,
                   BankCounting counting = BankCounting::Alike);

/// Which tiles a search may choose.
enum class TileSpace {
  /// The paper's class: row split keeps as many keys a step as rows, column
  /// split one global row at a time (decoding's queries up to 16: only a
  /// tile shares a step's keys); the search takes the fewest bytes (the
  /// paper's objective), then the shortest time.
  Paper,
  /// Rows with up to 16 keys a step (or as many as the rows), and for the
  /// PILOT schedule head-dimension chunks; the search takes the shortest
  /// predicted time, then the fewest bytes.
  Wide,
};
/// The feasible tiles of `space` with the best prediction for a schedule,
/// as `TileSpace` orders them. At 2 KB the paper's class lands on the
/// paper's closed form. The naive schedule has no tiles to choose: it walks
/// one row and a DRAM row of keys at a time.
Prediction searchTiles(const AttentionProblem &problem,
                       const hw::HardwareDescription &hardware,
                       Schedule schedule, TileSpace space = TileSpace::Wide);

} // namespace pilot::analysis

#endif // PILOT_ANALYSIS_PREDICTION_H
