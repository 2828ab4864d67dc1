"""The run folder's plots: flat class cells, whole epochs, named titles, both confusion matrices."""

import matplotlib.image
import numpy as np
import pytest

from nn import plots


@pytest.fixture
def figures(monkeypatch):
    """Every figure the plots module saves, kept to look at after it is written."""
    saved = []
    original = plots._save

    def keep(fig, path):
        saved.append(fig)
        original(fig, path)

    monkeypatch.setattr(plots, "_save", keep)
    return saved


def test_no_band_of_class_1_is_drawn_where_classes_0_and_2_meet(tmp_path):
    features = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]
    labels = [0, 0, 2, 2]

    def predict(points):  # class 0 left of x = 0, class 2 right of it: class 1 nowhere
        return [0 if x < 0 else 2 for x, _ in points]

    path = tmp_path / "boundary.png"
    plots.decision_boundary(predict, features, labels, ["x", "y"], ["a", "b", "c"], path, "toy")
    pixels = matplotlib.image.imread(path)[..., :3]
    class_1 = 0.3 * np.array(plots._CLASS_COLOURS(1)[:3]) + 0.7  # its colour at alpha 0.3 on white
    class_0 = 0.3 * np.array(plots._CLASS_COLOURS(0)[:3]) + 0.7
    assert not (np.abs(pixels - class_1).max(axis=-1) < 0.03).any()
    assert (np.abs(pixels - class_0).max(axis=-1) < 0.03).sum() > 1000  # the left half is class 0's


def test_learning_curves_count_whole_epochs_and_name_data_and_loss(tmp_path, figures):
    history = [{"epoch": e, "train_loss": 1 / e, "val_loss": 1.2 / e} for e in (1, 2, 3)]
    title = "wine, cross-entropy loss"
    plots.learning_curves(history, "loss", tmp_path / "loss.png", best_epoch=3, title=title)
    ax = figures[0].axes[0]
    assert ax.get_title() == "wine, cross-entropy loss: loss per epoch"
    ticks = [t for t in ax.get_xticks() if 1 <= t <= 3]
    assert ticks and all(t == int(t) for t in ticks)


def test_the_confusion_matrix_is_drawn_in_counts_and_normalised_by_row(tmp_path, figures):
    plots.confusion_matrix([[3, 1], [0, 0]], ["no", "yes"], tmp_path / "cm.png", "toy")
    counts, shares = (ax for ax in figures[0].axes if ax.get_title())
    assert [t.get_text() for t in counts.texts] == ["3", "1", "0", "0"]
    assert [t.get_text() for t in shares.texts] == ["0.75", "0.25", "0.00", "0.00"]  # an empty row stays 0
    assert figures[0]._suptitle.get_text() == "toy: confusion matrix, test split"
