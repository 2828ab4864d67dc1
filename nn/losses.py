"""The lectures' loss functions, each returning one Value E to call ``backward()`` on.

``preds`` and ``targets`` are lists with one entry per sample (n samples); the losses are
means over the samples, so every gradient carries the 1/n of the loss.

    mse                        E = (1/n) Σ (ŷᵢ - yᵢ)²
    weighted_binary_cross_entropy
                               E = -(1/n) Σ [α·yᵢ·log ŷᵢ + β·(1-yᵢ)·log(1-ŷᵢ)]   (tutorial 8)
                               dE/dŷᵢ = (1/n)·[-α·yᵢ/ŷᵢ + β·(1-yᵢ)/(1-ŷᵢ)]
    binary_cross_entropy       the same with α = β = 1; after a sigmoid, dE/dfᵢ = (ŷᵢ - yᵢ)/n
    bce_with_logits            the same on logits z, ŷ = σ(z), as ONE stable node
    softmax, cross_entropy     p = softmax(z);  J = -Σ yⱼ log pⱼ
    softmax_cross_entropy      softmax then cross-entropy as ONE node: dJ/dzⱼ = pⱼ - yⱼ
    hinge                      E = (1/n) Σ max(0, 1 - yᵢ·sᵢ), yᵢ ∈ {-1, +1}
    l1_penalty, l2_penalty     Σ|w| and Σw², to add λ times to a loss (regularisation)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import autograd
from autograd import Value
from autograd.engine.checks import is_number, require_number

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


def mse(preds: Sequence[Value | Number], targets: Sequence[Number]) -> Value:
    """E = (1/n) Σ (ŷᵢ - yᵢ)².    dE/dŷᵢ = 2(ŷᵢ - yᵢ)/n"""
    ps = _samples("mse", preds, targets)
    return autograd.sum([(p - y) ** 2 for p, y in zip(ps, targets)]) / len(ps)


def hinge(scores: Sequence[Value | Number], targets: Sequence[int]) -> Value:
    """E = (1/n) Σ max(0, 1 - yᵢ·sᵢ) with yᵢ ∈ {-1, +1}.    dE/dsᵢ = -yᵢ/n inside the margin, else 0"""
    ss = _samples("hinge", scores, targets)
    ys = [_target_in("hinge", i, y, (-1, 1)) for i, y in enumerate(targets)]
    return autograd.sum([(1 - y * s).relu() for s, y in zip(ss, ys)]) / len(ss)


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


def weighted_binary_cross_entropy(
    preds: Sequence[Value | Number],
    targets: Sequence[int],
    alpha: float,
    beta: float,
    eps: float | None = None,
) -> Value:
    """E = -(1/n) Σ [α·yᵢ·log ŷᵢ + β·(1-yᵢ)·log(1-ŷᵢ)], the weighted loss of tutorial 8.

    α weighs the positive class (y = 1), β the negative one; α > β counters a rare positive
    class. Tutorial 8's worked value: Y = [0, 1], Ŷ = [0.2, 0.9] gives
    E = -(1/2)·{β·log 0.8 + α·log 0.9}.

    yᵢ must be 0 or 1, so only one of the two logs is taken per sample. A prediction of
    exactly 0 or 1 means the sigmoid has saturated (its gradient is 0 there) and one log
    would be -inf: that raises ValueError, unless ``eps`` clamps ŷ to [eps, 1 - eps] (the
    clamp passes no gradient outside that range). ``bce_with_logits`` avoids the problem.
    """
    return _bce("weighted_binary_cross_entropy", preds, targets, alpha, beta, eps)


def binary_cross_entropy(
    preds: Sequence[Value | Number], targets: Sequence[int], eps: float | None = None
) -> Value:
    """E = -(1/n) Σ [yᵢ·log ŷᵢ + (1-yᵢ)·log(1-ŷᵢ)]; with ŷ = σ(f), dE/dfᵢ = (ŷᵢ - yᵢ)/n.

    ``weighted_binary_cross_entropy`` with α = β = 1; the same checks and ``eps``.
    """
    return _bce("binary_cross_entropy", preds, targets, 1.0, 1.0, eps)


def _bce(loss: str, preds: object, targets: object, alpha: object, beta: object, eps: object) -> Value:
    ps = _samples(loss, preds, targets)
    alpha, beta = _weight(loss, "alpha", alpha), _weight(loss, "beta", beta)
    if eps is not None and (not is_number(eps) or not 0.0 < eps < 0.5):
        raise ValueError(f"{loss}: eps must be a number in (0, 0.5), got {eps!r}")
    terms = []
    for i, (p, y) in enumerate(zip(ps, targets)):
        y = _target_in(loss, i, y, (0, 1))
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(f"{loss}: preds[{i}] = {p.data!r} is not a probability in [0, 1]")
        if eps is not None:
            p = autograd.apply(clamp, p, low=float(eps), high=1.0 - eps)
        elif p.data in (0.0, 1.0):
            raise ValueError(
                f"{loss}: preds[{i}] is exactly {p.data!r}, where log(ŷ) or log(1-ŷ) is -inf and the "
                "sigmoid's gradient is 0; use nn.losses.bce_with_logits on the logits, or pass eps "
                "(e.g. eps=1e-7) to clamp the predictions"
            )
        log_term, weight = (p.log(), alpha) if y == 1 else ((1 - p).log(), beta)
        terms.append(log_term if weight == 1.0 else weight * log_term)
    return autograd.sum(terms) * (-1.0 / len(ps))


def _softplus(x: float) -> float:
    """ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|), which never overflows."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _sigmoid_and_complement(z: float) -> tuple[float, float]:
    """σ(z) and 1 - σ(z), each without cancellation: only e^-|z| is taken."""
    e = math.exp(-abs(z))
    if z >= 0.0:
        return 1.0 / (1.0 + e), e / (1.0 + e)
    return e / (1.0 + e), 1.0 / (1.0 + e)


@autograd.primitive("bce_with_logits")
def fused_bce_with_logits(
    *logits: float, targets: tuple[int, ...], alpha: float, beta: float
) -> tuple[float, tuple[float, ...]]:
    """O = (1/n) Σ [α·yᵢ·softplus(-zᵢ) + β·(1-yᵢ)·softplus(zᵢ)], the weighted BCE of σ(zᵢ).

    From -log σ(z) = softplus(-z) and -log(1 - σ(z)) = softplus(z); for α = β = 1 this is
    max(z, 0) - z·y + log(1 + e^-|z|). With d softplus(z)/dz = σ(z):

        ∂O/∂zᵢ = (1/n)·[β·(1-yᵢ)·σ(zᵢ) - α·yᵢ·(1-σ(zᵢ))]     (= (σ(zᵢ) - yᵢ)/n when α = β = 1)
    """
    n = len(logits)
    losses, local_grads = [], []
    for z, y in zip(logits, targets):
        s, one_minus_s = _sigmoid_and_complement(z)
        if y == 1:
            losses.append(alpha * _softplus(-z))
            local_grads.append(-alpha * one_minus_s / n)
        else:
            losses.append(beta * _softplus(z))
            local_grads.append(beta * s / n)
    return math.fsum(losses) / n, tuple(local_grads)


def bce_with_logits(
    logits: Sequence[Value | Number], targets: Sequence[int], alpha: float = 1.0, beta: float = 1.0
) -> Value:
    """Weighted binary cross-entropy of ŷ = σ(z), computed from the logits z as ONE stable node.

    Equal to ``weighted_binary_cross_entropy([σ(z) for z in logits], targets, alpha, beta)``,
    but finite for any finite z, where σ(z) would round to exactly 0 or 1.
    """
    zs = _samples("bce_with_logits", logits, targets)
    alpha, beta = _weight("bce_with_logits", "alpha", alpha), _weight("bce_with_logits", "beta", beta)
    ys = tuple(_target_in("bce_with_logits", i, y, (0, 1)) for i, y in enumerate(targets))
    return autograd.apply(fused_bce_with_logits, *zs, targets=ys, alpha=alpha, beta=beta)


# --- softmax and cross-entropy ----------------------------------------------------------


def softmax(logits: Sequence[Value | Number]) -> list[Value]:
    """pⱼ = e^(zⱼ - m) / Σₖ e^(zₖ - m) with m = max z, built from exp, sum and / nodes.

    Subtracting the constant m changes no pⱼ and no gradient, and keeps every e^(zⱼ - m) <= 1:
    no overflow for any finite z.
    """
    zs = _logits("softmax", logits)
    m = max(z.data for z in zs)
    exps = [(z - m).exp() for z in zs]
    total = autograd.sum(exps)
    return [e / total for e in exps]


def cross_entropy(probs: Sequence[Value | Number], target: Target) -> Value:
    """J = -Σⱼ yⱼ·log pⱼ, i.e. -log p_c for a class index c (or its one-hot vector y)."""
    ps = _logits("cross_entropy", probs)
    ys = _distribution("cross_entropy", target, len(ps))
    terms = []
    for j, (p, y) in enumerate(zip(ps, ys)):
        if y:
            if p.data <= 0.0:
                raise ValueError(
                    f"cross_entropy: probs[{j}] = {p.data!r} has log -inf; "
                    "use softmax_cross_entropy on the logits"
                )
            terms.append(p.log() if y == 1.0 else y * p.log())
    return -(terms[0] if len(terms) == 1 else autograd.sum(terms))


@autograd.primitive("softmax_cross_entropy")
def fused_softmax_cross_entropy(
    *logits: float, targets: tuple[tuple[float, ...], ...]
) -> tuple[float, tuple[float, ...]]:
    """O = (1/m) Σᵣ Jᵣ over m rows of k logits, Jᵣ = -Σⱼ yⱼ·log softmax(zᵣ)ⱼ.

    Per row, with the stable log-sum-exp L = M + log Σₖ e^(zₖ - M), M = max z:

        Jᵣ = Σⱼ yⱼ·(L - zⱼ)          ∂O/∂zⱼ = (pⱼ - yⱼ)/m,   pⱼ = e^(zⱼ - M) / Σₖ e^(zₖ - M)

    since Σⱼ yⱼ = 1: the lectures' δ = ŷ - y, with the 1/m of the batch mean.
    """
    m = len(targets)
    k = len(logits) // m
    losses, local_grads = [], []
    for r, ys in enumerate(targets):
        zs = logits[r * k : (r + 1) * k]
        top = max(zs)
        exps = [math.exp(z - top) for z in zs]
        total = math.fsum(exps)
        log_sum_exp = top + math.log(total)
        losses.append(math.fsum(y * (log_sum_exp - z) for y, z in zip(ys, zs) if y))
        local_grads.extend((e / total - y) / m for e, y in zip(exps, ys))
    return math.fsum(losses) / m, tuple(local_grads)


def softmax_cross_entropy(
    logits: Sequence[Value | Number] | Sequence[Sequence[Value | Number]], target: Target | Sequence[Target]
) -> Value:
    """Cross-entropy of softmax(logits) against ``target`` as ONE node: dJ/dzⱼ = pⱼ - yⱼ.

    One sample: ``logits`` is a list of k Values and ``target`` a class index or a one-hot
    list. A batch: ``logits`` is a list of m such lists and ``target`` a list of m targets;
    the loss is the mean over the rows and each gradient is (pⱼ - yⱼ)/m.
    """
    name = "softmax_cross_entropy"
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
        ys = tuple(_distribution(name, t, k) for t in target)
        inputs = [z for row in rows for z in row]
    else:
        inputs = _logits(name, logits)
        ys = (_distribution(name, target, len(inputs)),)
    return autograd.apply(fused_softmax_cross_entropy, *inputs, targets=ys)
