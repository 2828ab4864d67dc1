"""The losses with PyTorch's options against torch.nn.functional, values and gradients in float64.

Skipped unless torch is installed (``make oracle`` installs the CPU build and runs this).
"""

import pytest

from autograd import Value
from nn import losses

torch = pytest.importorskip("torch")
F = torch.nn.functional

LOGITS = [[1.0, 2.0, 0.5], [-0.3, 0.0, 4.0], [2.5, -1.0, 0.2], [0.1, 0.1, -2.0]]


def ours_and_torch(ours, theirs, rows):
    """(our loss values, our gradients) and torch's, for the same logits."""
    values = [[Value(z) for z in row] for row in rows]
    out = ours(values)
    outs = out if isinstance(out, list) else [out]
    flat = [v for o in outs for v in (o if isinstance(o, list) else [o])]
    for o in flat:
        o.backward()
    tensor = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
    expected = theirs(tensor)
    expected.sum().backward()
    ours_values = [o.data for o in flat]
    ours_grads = [v.grad for row in values for v in row]
    return (ours_values, ours_grads), (expected.detach().flatten().tolist(), tensor.grad.flatten().tolist())


CE_OPTIONS = [
    dict(),
    dict(reduction="sum"),
    dict(reduction="none"),
    dict(label_smoothing=0.2),
    dict(weight=[0.5, 2.0, 1.0]),
    dict(weight=[0.5, 2.0, 1.0], label_smoothing=0.1),
    dict(ignore_index=2),
    dict(ignore_index=2, weight=[0.5, 2.0, 1.0], label_smoothing=0.3, reduction="mean"),
    dict(ignore_index=2, reduction="none"),
]


@pytest.mark.parametrize("options", CE_OPTIONS, ids=[str(o) for o in CE_OPTIONS])
def test_cross_entropy_with_class_indices_matches_torch(options):
    targets = [1, 2, 0, 1]
    torch_options = {
        k: torch.tensor(v, dtype=torch.float64) if k == "weight" else v for k, v in options.items()
    }
    ours, theirs = ours_and_torch(
        lambda rows: losses.cross_entropy(rows, targets, **options),
        lambda t: F.cross_entropy(t, torch.tensor(targets), **torch_options),
        LOGITS,
    )
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12, abs=1e-15)
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("options", [o for o in CE_OPTIONS if "ignore_index" not in o], ids=str)
def test_cross_entropy_with_probability_targets_matches_torch(options):
    targets = [[0.2, 0.7, 0.1], [0.0, 0.0, 1.0], [0.5, 0.25, 0.25], [1 / 3, 1 / 3, 1 / 3]]
    torch_options = {
        k: torch.tensor(v, dtype=torch.float64) if k == "weight" else v for k, v in options.items()
    }
    ours, theirs = ours_and_torch(
        lambda rows: losses.cross_entropy(rows, targets, **options),
        lambda t: F.cross_entropy(t, torch.tensor(targets, dtype=torch.float64), **torch_options),
        LOGITS,
    )
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12, abs=1e-15)
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy_with_soft_targets_matches_torch(reduction):
    probs, targets = [0.2, 0.9, 0.5, 0.01], [0.0, 1.0, 0.3, 0.75]
    values = [Value(p) for p in probs]
    out = losses.binary_cross_entropy(values, targets, reduction=reduction)
    for o in out if isinstance(out, list) else [out]:
        o.backward()
    tensor = torch.tensor(probs, dtype=torch.float64, requires_grad=True)
    expected = F.binary_cross_entropy(tensor, torch.tensor(targets, dtype=torch.float64), reduction=reduction)
    expected.sum().backward()
    got = [o.data for o in out] if isinstance(out, list) else [out.data]
    assert got == pytest.approx(expected.detach().flatten().tolist(), rel=1e-12)
    assert [v.grad for v in values] == pytest.approx(tensor.grad.tolist(), rel=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("pos_weight", [None, 3.0, [0.5, 2.0, 4.0]])
def test_bce_with_logits_per_class_pos_weight_matches_torch(reduction, pos_weight):
    targets = [[1.0, 0.0, 0.5], [0.0, 1.0, 1.0], [0.2, 0.0, 1.0], [1.0, 1.0, 0.0]]
    torch_weight = None if pos_weight is None else torch.tensor(pos_weight, dtype=torch.float64)
    ours, theirs = ours_and_torch(
        lambda rows: losses.bce_with_logits(rows, targets, pos_weight=pos_weight, reduction=reduction),
        lambda t: F.binary_cross_entropy_with_logits(
            t, torch.tensor(targets, dtype=torch.float64), pos_weight=torch_weight, reduction=reduction
        ),
        LOGITS,
    )
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12, abs=1e-15)
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_matches_torch(reduction):
    preds, targets = [1.5, 0.0, -2.0], [1.0, 2.0, -1.0]
    values = [Value(p) for p in preds]
    out = losses.mse(values, targets, reduction=reduction)
    for o in out if isinstance(out, list) else [out]:
        o.backward()
    tensor = torch.tensor(preds, dtype=torch.float64, requires_grad=True)
    expected = F.mse_loss(tensor, torch.tensor(targets, dtype=torch.float64), reduction=reduction)
    expected.sum().backward()
    got = [o.data for o in out] if isinstance(out, list) else [out.data]
    assert got == pytest.approx(expected.detach().flatten().tolist(), rel=1e-15)
    assert [v.grad for v in values] == pytest.approx(tensor.grad.tolist(), rel=1e-15)
