"""
A stand-in for deel-torchlip, for the playground's tests only (Debian has no deel-torchlip, and the tests
reach no Python registry). It has the classes and keyword arguments the generated scripts use, as
deel-torchlip documents them (https://deel-ai.github.io/deel-torchlip/deel.torchlip.html), and builds its
constrained layers the way deel-torchlip's parametrized releases do: torch's spectral_norm parametrization,
then a Björck parametrization that keeps its result in a `_w_bjorck` buffer for eval mode, a Frobenius
parametrization for the head, and a k_coef_lip factor. The losses follow deel/torchlip/functional.py:
hinge relu(min_margin / 2 - y f), HKR alpha hinge - (1 - alpha) KR. It proves the scripts run and load
weights through such parametrizations; it proves nothing about the real library beyond that.
"""
import torch
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm


def _bjorck(w, eps, beta=0.5, maxiter=15):
    for _ in range(maxiter):
        w_next = (1 + beta) * w - beta * w @ w.T @ w
        done = torch.linalg.norm(w_next - w) < eps
        w = w_next
        if done:
            break
    return w


class _BjorckNorm(torch.nn.Module):
    def __init__(self, weight, eps):
        super().__init__()
        self.eps = eps
        self.register_buffer("_w_bjorck", weight.data)

    def forward(self, weight):
        if self.training:
            w = _bjorck(weight, self.eps)
            self._w_bjorck = w.data
            return w
        return self._w_bjorck


class _Frobenius(torch.nn.Module):
    def forward(self, weight):
        return weight / torch.linalg.norm(weight, dim=1, keepdim=True)  # disjoint neurons: one row per output


class _Coefficient(torch.nn.Module):
    def __init__(self, coefficient):
        super().__init__()
        self.coefficient = coefficient

    def forward(self, weight):
        return self.coefficient * weight


class SpectralLinear(torch.nn.Linear):
    def __init__(self, in_features, out_features, bias=True, k_coef_lip=1.0, eps_spectral=1e-3, eps_bjorck=1e-3):
        super().__init__(in_features, out_features, bias=bias)
        torch.nn.init.orthogonal_(self.weight)
        torch.nn.init.zeros_(self.bias)
        spectral_norm(self, "weight", eps=eps_spectral)
        parametrize.register_parametrization(self, "weight", _BjorckNorm(self.weight, eps_bjorck))
        if k_coef_lip != 1.0:
            parametrize.register_parametrization(self, "weight", _Coefficient(k_coef_lip))


class FrobeniusLinear(torch.nn.Linear):
    def __init__(self, in_features, out_features, bias=True, disjoint_neurons=True, k_coef_lip=1.0):
        super().__init__(in_features, out_features, bias=bias)
        torch.nn.init.orthogonal_(self.weight)
        torch.nn.init.zeros_(self.bias)
        parametrize.register_parametrization(self, "weight", _Frobenius())
        if k_coef_lip != 1.0:
            parametrize.register_parametrization(self, "weight", _Coefficient(k_coef_lip))


class GroupSort2(torch.nn.Module):
    def forward(self, h):
        pairs = h.reshape(len(h), -1, 2)
        return torch.cat([pairs.min(dim=2, keepdim=True).values, pairs.max(dim=2, keepdim=True).values], dim=2).reshape(h.shape)


class FullSort(torch.nn.Module):
    def forward(self, h):
        return torch.sort(h, dim=1).values


class MaxMin(torch.nn.Module):
    def forward(self, h):
        return torch.cat([torch.relu(h), torch.relu(-h)], dim=1)


def _kr(f, y):
    positive = (y > 0).to(f.dtype)
    mean_positive = positive.mean()
    weights = torch.where(y > 0, 1 / mean_positive, -1 / (1 - mean_positive))
    return torch.mean(weights * f)


def _hinge(f, y, min_margin):
    return torch.mean(torch.relu(min_margin / 2 - torch.where(y > 0, 1.0, -1.0) * f))


class HingeMarginLoss(torch.nn.Module):
    def __init__(self, min_margin=1.0):
        super().__init__()
        self.min_margin = min_margin

    def forward(self, f, y):
        return _hinge(f, y, self.min_margin)


class HKRLoss(torch.nn.Module):
    def __init__(self, alpha, min_margin=1.0):
        super().__init__()
        assert 0 <= alpha <= 1
        self.alpha, self.min_margin = alpha, min_margin

    def forward(self, f, y):
        return self.alpha * _hinge(f, y, self.min_margin) - (1 - self.alpha) * _kr(f, y)


class TauBCEWithLogitsLoss(torch.nn.Module):
    def __init__(self, tau):
        super().__init__()
        self.tau = tau

    def forward(self, f, y):
        target = torch.where(y > 0, 1.0, 0.0).to(f.dtype)
        return torch.nn.functional.binary_cross_entropy_with_logits(self.tau * f, target) / self.tau
