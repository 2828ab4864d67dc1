"""The lectures' loss functions, each returning one Value E to call ``backward()`` on.

``preds`` and ``targets`` are lists with one entry per sample (n samples); the losses are
means over the samples, so every gradient carries the 1/n of the loss. As in PyTorch,
``reduction="sum"`` gives the sum instead and ``reduction="none"`` the list of per-sample losses.

    mse                        E = (1/n) Σ (ŷᵢ - yᵢ)²
    half_squared_error         E = (1/n) Σ ½(ŷᵢ - yᵢ)²: dE/dŷᵢ = (ŷᵢ - yᵢ)/n, so δ = g'(s)(h - y)
    weighted_binary_cross_entropy
                               E = -(1/n) Σ [α·yᵢ·log ŷᵢ + β·(1-yᵢ)·log(1-ŷᵢ)]   (tutorial 8)
                               dE/dŷᵢ = (1/n)·[-α·yᵢ/ŷᵢ + β·(1-yᵢ)/(1-ŷᵢ)]
    binary_cross_entropy       the same with α = β = 1; after a sigmoid, dE/dfᵢ = (ŷᵢ - yᵢ)/n
    bce_with_logits            the same on logits z, ŷ = σ(z), as ONE stable node
    softmax                    p = softmax(z), built from exp, sum and / nodes
    cross_entropy_from_probs   J = -Σ yⱼ log pⱼ on probabilities p (rows are checked to be ones)
    softmax_cross_entropy      softmax then cross-entropy on logits as ONE node: dJ/dzⱼ = pⱼ - yⱼ;
      = cross_entropy          PyTorch's name: like F.cross_entropy it takes logits, with its
                               weight, ignore_index, label_smoothing and reduction
    hinge                      E = (1/n) Σ max(0, 1 - yᵢ·sᵢ), yᵢ ∈ {-1, +1}
    l1_penalty, l2_penalty     Σ|w| and Σw², to add λ times to a loss (regularisation)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

import autograd
from autograd import Value
from autograd.compiled.arrays import array_form
from autograd.engine import numerics
from autograd.engine.checks import is_number, require_int, require_number

Number = int | float
Target = int | Sequence[Number]


# --- checking arguments -----------------------------------------------------------------


def _samples(loss: str, preds: object, targets: object) -> list[Value]:
    """preds as a list of Values, after checking that preds and targets are equal-length lists."""
    for what, items in (("preds", preds), ("targets", targets)):
        if not isinstance(items, (list, tuple)):
            raise TypeError(
                f"{loss}: {what} must be a list (one entry per sample), got {type(items).__name__}"
            )
    if not preds:
        raise ValueError(f"{loss}: needs at least one sample, got none")
    if len(preds) != len(targets):
        raise ValueError(f"{loss}: got {len(preds)} preds but {len(targets)} targets")
    for i, p in enumerate(preds):
        if not isinstance(p, Value) and not is_number(p):
            raise TypeError(f"{loss}: preds[{i}] must be a Value or a number, got {type(p).__name__}")
    return [p if isinstance(p, Value) else Value(p) for p in preds]


def _target_in(loss: str, i: int, y: object, allowed: tuple[int, int]) -> int:
    if not is_number(y) or y not in allowed:
        raise ValueError(f"{loss}: targets[{i}] must be {allowed[0]} or {allowed[1]}, got {y!r}")
    return int(y)


def _weight(loss: str, name: str, w: object) -> float:
    return require_number(loss, name, w, minimum=0.0)


#: What a loss returns: the mean over the samples, their sum, or the list of per-sample losses.
REDUCTIONS = ("mean", "sum", "none")


def _reduction(loss: str, reduction: object) -> str:
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"{loss}: reduction must be one of {', '.join(map(repr, REDUCTIONS))}, got {reduction!r}"
        )
    return reduction


def _reduce(terms: list[Value], reduction: str) -> Value | list[Value]:
    """The mean (Σ/n), the sum, or the list itself of the per-sample losses."""
    if reduction == "none":
        return terms
    total = autograd.sum(terms)
    return total / len(terms) if reduction == "mean" else total


def _probability_target(loss: str, i: int, y: object) -> float:
    """A binary target: the class 0 or 1, or a soft target, the probability of class 1."""
    if not is_number(y) or not 0 <= y <= 1:
        raise ValueError(f"{loss}: targets[{i}] must be 0 or 1, or a probability in between, got {y!r}")
    return float(y)


def _distribution(loss: str, target: object, k: int) -> tuple[float, ...]:
    """A target as the vector y over k classes: a class index c gives the one-hot vector e_c."""
    if isinstance(target, numbers.Integral) and not isinstance(target, bool):
        if not 0 <= target < k:
            raise ValueError(f"{loss}: class index {target} is out of range for {k} classes (0..{k - 1})")
        return tuple(1.0 if j == target else 0.0 for j in range(k))
    if not isinstance(target, (list, tuple)):
        raise TypeError(f"{loss}: a target is a class index or a one-hot list, got {type(target).__name__}")
    if len(target) != k:
        raise ValueError(f"{loss}: a one-hot target needs {k} entries, got {len(target)}")
    if not all(is_number(y) and 0 <= y <= 1 for y in target) or abs(math.fsum(target) - 1.0) > 1e-9:
        raise ValueError(f"{loss}: a one-hot target must be entries in [0, 1] summing to 1, got {target!r}")
    return tuple(float(y) for y in target)


def _logits(loss: str, logits: object) -> list[Value]:
    if not isinstance(logits, (list, tuple)):
        raise TypeError(f"{loss}: logits must be a list of Values, got {type(logits).__name__}")
    if not logits:
        raise ValueError(f"{loss}: needs at least one logit, got none")
    for j, z in enumerate(logits):
        if not isinstance(z, Value) and not is_number(z):
            raise TypeError(f"{loss}: logits[{j}] must be a Value or a number, got {type(z).__name__}")
    return [z if isinstance(z, Value) else Value(z) for z in logits]


# --- regression and margins -------------------------------------------------------------


def mse(
    preds: Sequence[Value | Number], targets: Sequence[Number], reduction: str = "mean"
) -> Value | list[Value]:
    """E = (1/n) Σ (ŷᵢ - yᵢ)².    dE/dŷᵢ = 2(ŷᵢ - yᵢ)/n"""
    ps = _samples("mse", preds, targets)
    return _reduce([(p - y) ** 2 for p, y in zip(ps, targets)], _reduction("mse", reduction))


def half_squared_error(
    preds: Sequence[Value | Number], targets: Sequence[Number], reduction: str = "mean"
) -> Value | list[Value]:
    """E = (1/n) Σ ½(ŷᵢ - yᵢ)².    dE/dŷᵢ = (ŷᵢ - yᵢ)/n

    The regression loss of the DASC7606 notes, J = ½(h(x) - y)² for one sample: the ½ cancels
    the 2 of the square, so the output layer's δ⁽ᴸ⁾ = ∂J/∂s⁽ᴸ⁾ = g'(s⁽ᴸ⁾)(h(x) - y) with no factor.
    Their example: h(x) = 0.6, y = 1 gives J = ½(0.6 - 1)² = 0.08.
    """
    ps = _samples("half_squared_error", preds, targets)
    terms = [0.5 * (p - y) ** 2 for p, y in zip(ps, targets)]
    return _reduce(terms, _reduction("half_squared_error", reduction))


def hinge(
    scores: Sequence[Value | Number], targets: Sequence[int], reduction: str = "mean"
) -> Value | list[Value]:
    """E = (1/n) Σ max(0, 1 - yᵢ·sᵢ) with yᵢ ∈ {-1, +1}.    dE/dsᵢ = -yᵢ/n inside the margin, else 0"""
    ss = _samples("hinge", scores, targets)
    ys = [_target_in("hinge", i, y, (-1, 1)) for i, y in enumerate(targets)]
    return _reduce([(1 - y * s).relu() for s, y in zip(ss, ys)], _reduction("hinge", reduction))


def l1_penalty(params: Sequence[Value]) -> Value:
    """Σ|wⱼ| (L1, lasso): pushes weights to exactly 0.    ∂/∂wⱼ = sign(wⱼ)"""
    return autograd.sum([abs(w) for w in _parameters("l1_penalty", params)])


def l2_penalty(params: Sequence[Value]) -> Value:
    """Σwⱼ² (L2, ridge) as one dot node wᵀw: w enters twice, so ∂/∂wⱼ = wⱼ + wⱼ = 2wⱼ."""
    ws = _parameters("l2_penalty", params)
    return autograd.dot(ws, ws)


def _parameters(penalty: str, params: object) -> list[Value]:
    if not isinstance(params, (list, tuple)):
        raise TypeError(
            f"{penalty}: expected a list of Values such as model.parameters(), got {type(params).__name__}"
        )
    if not params:
        raise ValueError(f"{penalty}: needs at least one parameter, got none")
    for j, w in enumerate(params):
        if not isinstance(w, Value):
            raise TypeError(f"{penalty}: params[{j}] must be a Value, got {type(w).__name__}")
    return list(params)


# --- binary cross-entropy ---------------------------------------------------------------


@autograd.primitive("clamp({low:g}, {high:g})")
def clamp(x: float, low: float, high: float) -> tuple[float, tuple[float]]:
    """O = min(max(x, low), high).    ∂O/∂x = 1 if low <= x <= high else 0 (as torch.clamp)"""
    if x < low:
        return low, (0.0,)
    if x > high:
        return high, (0.0,)
    return x, (1.0,)


@array_form(clamp)
def _clamp_on_arrays(x: np.ndarray, low: float, high: float) -> tuple[np.ndarray, tuple[np.ndarray]]:
    """``clamp`` for a batch (see ``autograd.compiled.arrays``)."""
    return np.clip(x, low, high), (((x >= low) & (x <= high)).astype(float),)


def weighted_binary_cross_entropy(
    preds: Sequence[Value | Number],
    targets: Sequence[float],
    alpha: float,
    beta: float,
    eps: float | None = None,
    reduction: str = "mean",
) -> Value | list[Value]:
    """E = -(1/n) Σ [α·yᵢ·log ŷᵢ + β·(1-yᵢ)·log(1-ŷᵢ)], the weighted loss of tutorial 8.

    α weighs the positive class (y = 1), β the negative one; α > β counters a rare positive
    class. Tutorial 8's worked value: Y = [0, 1], Ŷ = [0.2, 0.9] gives
    E = -(1/2)·{β·log 0.8 + α·log 0.9}.

    yᵢ is the class, 0 or 1 (then only one of the two logs is taken), or a soft target, a
    probability in between. ŷ must be a probability: a PyTorch user passing logits is told
    to use ``bce_with_logits``. A prediction of exactly 0 or 1 means the sigmoid has
    saturated (its gradient is 0 there) and a log would be -inf: that raises ValueError,
    unless ``eps`` clamps ŷ to [eps, 1 - eps] (the clamp passes no gradient outside that
    range). ``bce_with_logits`` avoids the problem.
    """
    return _bce("weighted_binary_cross_entropy", preds, targets, alpha, beta, eps, reduction)


def binary_cross_entropy(
    preds: Sequence[Value | Number],
    targets: Sequence[float],
    eps: float | None = None,
    reduction: str = "mean",
) -> Value | list[Value]:
    """E = -(1/n) Σ [yᵢ·log ŷᵢ + (1-yᵢ)·log(1-ŷᵢ)]; with ŷ = σ(f), dE/dfᵢ = (ŷᵢ - yᵢ)/n.

    ``weighted_binary_cross_entropy`` with α = β = 1; the same targets, checks and ``eps``.
    """
    return _bce("binary_cross_entropy", preds, targets, 1.0, 1.0, eps, reduction)


def _bce(
    loss: str, preds: object, targets: object, alpha: object, beta: object, eps: object, reduction: object
) -> Value | list[Value]:
    ps = _samples(loss, preds, targets)
    alpha, beta = _weight(loss, "alpha", alpha), _weight(loss, "beta", beta)
    reduction = _reduction(loss, reduction)
    if eps is not None and (not is_number(eps) or not 0.0 < eps < 0.5):
        raise ValueError(f"{loss}: eps must be a number in (0, 0.5), got {eps!r}")
    terms = []
    for i, (p, y) in enumerate(zip(ps, targets)):
        y = _probability_target(loss, i, y)
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(
                f"{loss}: preds[{i}] = {p.data!r} is not a probability in [0, 1]; "
                "for logits (before the sigmoid) use nn.losses.bce_with_logits"
            )
        if eps is not None:
            p = autograd.apply(clamp, p, low=float(eps), high=1.0 - eps)
        elif p.data in (0.0, 1.0):
            raise ValueError(
                f"{loss}: preds[{i}] is exactly {p.data!r}, where log(ŷ) or log(1-ŷ) is -inf and the "
                "sigmoid's gradient is 0; use nn.losses.bce_with_logits on the logits, or pass eps "
                "(e.g. eps=1e-7) to clamp the predictions"
            )
        # only the logs the target weighs are taken (a class target needs one of them)
        positive = (p.log() if alpha == 1.0 else alpha * p.log()) if y > 0.0 else None
        negative = ((1 - p).log() if beta == 1.0 else beta * (1 - p).log()) if y < 1.0 else None
        if negative is None:
            terms.append(positive)
        elif positive is None:
            terms.append(negative)
        else:
            terms.append(y * positive + (1 - y) * negative)
    if reduction == "none":
        return [-term for term in terms]
    return autograd.sum(terms) * (-1.0 / len(ps) if reduction == "mean" else -1.0)


@autograd.primitive("bce_with_logits")
def fused_bce_with_logits(
    *logits: float, targets: tuple[float, ...], pos_weights: tuple[float, ...], beta: float, divisor: float
) -> tuple[float, tuple[float, ...]]:
    """O = (1/D) Σ [aᵢ·yᵢ·softplus(-zᵢ) + β·(1-yᵢ)·softplus(zᵢ)], the weighted BCE of σ(zᵢ) summed
    over the elements and divided by D (their number for a mean, 1 for a sum).

    From -log σ(z) = softplus(-z) and -log(1 - σ(z)) = softplus(z); aᵢ weighs the positives of
    element i's class (α, times PyTorch's pos_weight). With d softplus(z)/dz = σ(z):

        ∂O/∂zᵢ = (1/D)·[β·(1-yᵢ)·σ(zᵢ) - aᵢ·yᵢ·(1-σ(zᵢ))]     (= (σ(zᵢ) - yᵢ)/n when a = β = 1)
    """
    losses, local_grads = [], []
    for z, y, a in zip(logits, targets, pos_weights):
        s, one_minus_s = numerics.sigmoid_pair(z)
        if y == 1.0:
            losses.append(a * numerics.softplus(-z))
            local_grads.append(-a * one_minus_s / divisor)
        elif y == 0.0:
            losses.append(beta * numerics.softplus(z))
            local_grads.append(beta * s / divisor)
        else:
            losses.append(a * y * numerics.softplus(-z) + beta * (1 - y) * numerics.softplus(z))
            local_grads.append((beta * (1 - y) * s - a * y * one_minus_s) / divisor)
    return math.fsum(losses) / divisor, tuple(local_grads)


@array_form(fused_bce_with_logits, nary=True)
def _bce_with_logits_on_arrays(
    Z: np.ndarray, targets: np.ndarray, pos_weights: np.ndarray, beta: float, divisor: float
) -> tuple[np.ndarray, np.ndarray]:
    """``fused_bce_with_logits`` for a batch: Z is (B, n); targets and pos_weights (n,) or (B, n).

    Each element's a·y·softplus(-z) + β·(1-y)·softplus(z), whose derivative is
    β·(1-y)·σ(z) - a·y·(1-σ(z)); for y = 1 or 0 one of the two terms is 0, as in the primitive.
    """
    y, a = np.asarray(targets, dtype=float), np.asarray(pos_weights, dtype=float)
    e = np.exp(-np.abs(Z))
    s = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    one_minus_s = np.where(Z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))
    softplus_z = np.maximum(Z, 0.0) + np.log1p(e)  # softplus(-z) = softplus(z) - z
    losses = np.where(y != 0, a * y * (softplus_z - Z), 0.0) + np.where(
        y != 1, beta * (1 - y) * softplus_z, 0.0
    )
    D = np.asarray(divisor, dtype=float)  # one number, or one per sample
    local = (beta * (1 - y) * s - a * y * one_minus_s) / D.reshape((*D.shape, 1))
    return losses.sum(axis=1) / D, local


def bce_with_logits(
    logits: Sequence[Value | Number] | Sequence[Sequence[Value | Number]],
    targets: Sequence[float] | Sequence[Sequence[float]],
    alpha: float = 1.0,
    beta: float = 1.0,
    pos_weight: float | Sequence[float] | None = None,
    reduction: str = "mean",
) -> Value | list[Value] | list[list[Value]]:
    """Weighted binary cross-entropy of ŷ = σ(z), computed from the logits z as ONE stable node
    (PyTorch's ``binary_cross_entropy_with_logits``).

    Equal to ``weighted_binary_cross_entropy([σ(z) for z in logits], targets, alpha, beta)``,
    but finite for any finite z, where σ(z) would round to exactly 0 or 1. Targets are 0, 1 or
    soft (a probability in between).

    Several labels per sample: ``logits`` and ``targets`` are rows of k entries, one column per
    label, and ``pos_weight`` a list of k weights for the positives of each column (a number
    applies to every column); it multiplies α. The mean is over all n·k entries.
    """
    name = "bce_with_logits"
    alpha, beta = _weight(name, "alpha", alpha), _weight(name, "beta", beta)
    reduction = _reduction(name, reduction)
    rows = isinstance(logits, (list, tuple)) and bool(logits) and isinstance(logits[0], (list, tuple))
    if rows:
        if not isinstance(targets, (list, tuple)) or len(targets) != len(logits):
            raise ValueError(
                f"{name}: {len(logits)} rows of logits need a list of {len(logits)} rows of targets"
            )
        k = len(logits[0])
        for r, (row, target_row) in enumerate(zip(logits, targets)):
            if not isinstance(row, (list, tuple)) or len(row) != k:
                raise ValueError(f"{name}: every row needs {k} logits like row 0; row {r} differs")
            if not isinstance(target_row, (list, tuple)) or len(target_row) != k:
                raise ValueError(f"{name}: targets[{r}] must be a row of {k} targets, got {target_row!r}")
        zs = _samples(name, [z for row in logits for z in row], [y for row in targets for y in row])
        flat_targets = [y for row in targets for y in row]
    else:
        k = 1
        zs = _samples(name, logits, targets)
        flat_targets = list(targets)
    ys = tuple(_probability_target(name, i, y) for i, y in enumerate(flat_targets))
    weights = _pos_weights(name, pos_weight, k)
    pos_weights = tuple(alpha * weights[i % k] for i in range(len(zs)))
    if reduction != "none":
        divisor = float(len(zs)) if reduction == "mean" else 1.0
        return autograd.apply(
            fused_bce_with_logits, *zs, targets=ys, pos_weights=pos_weights, beta=beta, divisor=divisor
        )
    each = [
        autograd.apply(fused_bce_with_logits, z, targets=(y,), pos_weights=(a,), beta=beta, divisor=1.0)
        for z, y, a in zip(zs, ys, pos_weights)
    ]
    return [each[r * k : (r + 1) * k] for r in range(len(each) // k)] if rows else each


def _pos_weights(loss: str, pos_weight: object, k: int) -> list[float]:
    """One weight per column: all 1 for None, the number for every column, or k numbers."""
    if pos_weight is None:
        return [1.0] * k
    if is_number(pos_weight):
        return [_weight(loss, "pos_weight", pos_weight)] * k
    if not isinstance(pos_weight, (list, tuple)) or len(pos_weight) != k:
        raise ValueError(
            f"{loss}: pos_weight must be a number or a list of {k} (one per label), got {pos_weight!r}"
        )
    return [_weight(loss, f"pos_weight[{j}]", w) for j, w in enumerate(pos_weight)]


# --- softmax and cross-entropy ----------------------------------------------------------


def softmax(logits: Sequence[Value | Number]) -> list[Value]:
    """pⱼ = e^(zⱼ - m) / Σₖ e^(zₖ - m) with m = max z, built from exp, sum and / nodes.

    Subtracting the constant m changes no pⱼ and no gradient, and keeps every e^(zⱼ - m) <= 1:
    no overflow for any finite z (the same shift as ``autograd.numerics.softmax``).
    """
    zs = _logits("softmax", logits)
    m = max(z.data for z in zs)
    exps = [(z - m).exp() for z in zs]
    total = autograd.sum(exps)
    return [e / total for e in exps]


def cross_entropy_from_probs(probs: Sequence[Value | Number], target: Target) -> Value:
    """J = -Σⱼ yⱼ·log pⱼ, i.e. -log p_c for a class index c (or its one-hot vector y).

    ``probs`` must be a probability row, entries in [0, 1] summing to 1 (to 1e-6), such as
    ``softmax(z)``. Logits are refused: for them use ``cross_entropy`` (PyTorch's habit) or
    ``softmax_cross_entropy``, its lecture name.
    """
    ps = _logits("cross_entropy_from_probs", probs)
    if not all(0.0 <= p.data <= 1.0 for p in ps) or abs(math.fsum(p.data for p in ps) - 1.0) > 1e-6:
        row = ", ".join(f"{p.data:.4g}" for p in ps)
        raise ValueError(
            f"cross_entropy_from_probs: [{row}] is not a row of probabilities (entries in [0, 1] "
            "summing to 1); for logits use nn.losses.cross_entropy, which applies the softmax"
        )
    ys = _distribution("cross_entropy_from_probs", target, len(ps))
    terms = []
    for j, (p, y) in enumerate(zip(ps, ys)):
        if y:
            if p.data <= 0.0:
                raise ValueError(
                    f"cross_entropy_from_probs: probs[{j}] = {p.data!r} has log -inf; "
                    "use cross_entropy on the logits"
                )
            terms.append(p.log() if y == 1.0 else y * p.log())
    return -(terms[0] if len(terms) == 1 else autograd.sum(terms))


@autograd.primitive("softmax_cross_entropy")
def fused_softmax_cross_entropy(
    *logits: float, coefficients: tuple[tuple[float, ...], ...], divisor: float
) -> tuple[float, tuple[float, ...]]:
    """O = (1/D) Σᵣ Jᵣ over m rows of k logits, Jᵣ = -Σⱼ cᵣⱼ·log softmax(zᵣ)ⱼ.

    cᵣ is row r's target distribution yᵣ, times the class weights and smoothed (see
    ``softmax_cross_entropy``); D is m for a mean (or the rows' total weight), 1 for a sum.
    Per row, with the stable log-sum-exp L = M + log Σₖ e^(zₖ - M), M = max z:

        Jᵣ = Σⱼ cⱼ·(L - zⱼ)          ∂O/∂zⱼ = (C·pⱼ - cⱼ)/D,   C = Σⱼ cⱼ,  pⱼ = e^(zⱼ - L)

    For a plain target C = 1: the lectures' δ = ŷ - y, with the 1/m of the batch mean.
    """
    m = len(coefficients)
    k = len(logits) // m
    losses, local_grads = [], []
    for r, cs in enumerate(coefficients):
        zs = logits[r * k : (r + 1) * k]
        log_sum_exp = numerics.log_sum_exp(zs)
        total = math.fsum(cs)
        losses.append(math.fsum(c * (log_sum_exp - z) for c, z in zip(cs, zs) if c))
        local_grads.extend((total * p - c) / divisor for p, c in zip(numerics.softmax(zs), cs))
    return math.fsum(losses) / divisor, tuple(local_grads)


@array_form(fused_softmax_cross_entropy, nary=True)
def _softmax_cross_entropy_on_arrays(
    Z: np.ndarray, coefficients: np.ndarray, divisor: float
) -> tuple[np.ndarray, np.ndarray]:
    """``fused_softmax_cross_entropy`` for a batch: Z is (B, m·k), coefficients (m, k) or (B, m, k).

    Per row: P = softmax(Z), J = Σⱼ cⱼ·(L - zⱼ) with L the log-sum-exp, ∂O/∂Z = (C·P - c)/D.
    """
    c = np.asarray(coefficients, dtype=float)
    m, k = c.shape[-2:]
    Z = Z.reshape(len(Z), m, k)
    top = Z.max(axis=2, keepdims=True)
    exps = np.exp(Z - top)
    total = exps.sum(axis=2, keepdims=True)
    log_sum_exp = top + np.log(total)
    losses = np.where(c != 0, c * (log_sum_exp - Z), 0.0).sum(axis=2)
    D = np.asarray(divisor, dtype=float)  # one number, or one per sample (a class weight)
    local = (c.sum(axis=-1, keepdims=True) * (exps / total) - c) / D.reshape((*D.shape, 1, 1))
    return losses.sum(axis=1) / D, local.reshape(len(Z), m * k)


def softmax_cross_entropy(
    logits: Sequence[Value | Number] | Sequence[Sequence[Value | Number]],
    target: Target | Sequence[Target],
    weight: Sequence[float] | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Value | list[Value]:
    """Cross-entropy of softmax(logits) against ``target`` as ONE node: dJ/dzⱼ = pⱼ - yⱼ.

    One sample: ``logits`` is a list of k Values and ``target`` a class index or a probability
    row. A batch: ``logits`` is a list of m such lists and ``target`` a list of m targets;
    the loss is the mean over the rows and each gradient is (pⱼ - yⱼ)/m.

    PyTorch's options, with its meaning (``nn.losses.cross_entropy`` is this function):

    - ``label_smoothing`` ε: the target becomes (1 - ε)·y + ε/k;
    - ``weight``: one weight wⱼ per class; row r's term is weighted by w of its class
      (Σⱼ wⱼ·yⱼ for a probability row), and the mean over class-index targets divides by the
      rows' total weight Σᵣ w_{cᵣ}, the mean over probability rows by m;
    - ``ignore_index``: rows whose class index equals it add nothing and count for nothing;
    - ``reduction``: "mean", "sum", or "none" for the list of per-row losses.
    """
    name = "softmax_cross_entropy"
    reduction = _reduction(name, reduction)
    if isinstance(logits, (list, tuple)) and logits and isinstance(logits[0], (list, tuple)):
        if not isinstance(target, (list, tuple)) or len(target) != len(logits):
            got = len(target) if isinstance(target, (list, tuple)) else type(target).__name__
            raise ValueError(
                f"{name}: a batch of {len(logits)} rows needs a list of {len(logits)} targets, got {got}"
            )
        rows = [_logits(name, row) for row in logits]
        k = len(rows[0])
        for r, row in enumerate(rows):
            if len(row) != k:
                raise ValueError(f"{name}: every row needs {k} logits like row 0, row {r} has {len(row)}")
        targets, single = list(target), False
    else:
        rows, targets, single = [_logits(name, logits)], [target], True
        k = len(rows[0])
    weights = _class_weights(name, weight, k)
    require_int(name, "ignore_index", ignore_index)
    if not is_number(label_smoothing) or not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{name}: label_smoothing must be in [0, 1], got {label_smoothing!r}")
    coefficients, row_weights, by_index = [], [], False
    for t in targets:
        if _is_class(t) and t == ignore_index:
            coefficients.append((0.0,) * k)
            row_weights.append(0.0)
            by_index = True
            continue
        ys = _distribution(name, t, k)
        by_index = by_index or _is_class(t)
        if label_smoothing:
            ys = tuple((1.0 - label_smoothing) * y + label_smoothing / k for y in ys)
        if weights is None:
            coefficients.append(ys)
            row_weights.append(1.0)
        else:
            coefficients.append(tuple(w * y for w, y in zip(weights, ys)))
            row_weights.append(weights[t] if _is_class(t) else 1.0)
    inputs = [z for row in rows for z in row]
    if reduction == "none":
        each = [
            autograd.apply(fused_softmax_cross_entropy, *row, coefficients=(cs,), divisor=1.0)
            for row, cs in zip(rows, coefficients)
        ]
        return each[0] if single else each
    divisor = 1.0
    if reduction == "mean":
        divisor = math.fsum(row_weights) if by_index else float(len(rows))
        if divisor == 0.0:
            raise ValueError(
                f"{name}: every target is ignore_index ({ignore_index}) or has weight 0: no mean"
            )
    return autograd.apply(
        fused_softmax_cross_entropy, *inputs, coefficients=tuple(coefficients), divisor=divisor
    )


#: PyTorch's name: ``F.cross_entropy`` takes logits and applies the softmax itself, as this does.
cross_entropy = softmax_cross_entropy


def _is_class(target: object) -> bool:
    return isinstance(target, numbers.Integral) and not isinstance(target, bool)


def _class_weights(loss: str, weight: object, k: int) -> list[float] | None:
    if weight is None:
        return None
    if not isinstance(weight, (list, tuple)) or len(weight) != k:
        raise ValueError(f"{loss}: weight must be a list of {k} class weights, got {weight!r}")
    return [_weight(loss, f"weight[{j}]", w) for j, w in enumerate(weight)]
