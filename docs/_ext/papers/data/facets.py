"""The study facets' vocabulary: what each value means and how a page names it. One place for each.

The schema lists the same values (a test holds them equal); `model.FACETS` gives
the facets' order.
"""

from __future__ import annotations

#: deployment -> what it means, for a page's reader
DEPLOYMENTS = {
    "simulated": "every client ran on the authors' own machines",
    "real": "training ran on the institutions' own infrastructure, the data staying on site",
    "both": "the paper reports both simulated and real federated training",
}
#: privacy technique -> (short name in a row, full name)
PRIVACY = {
    "differential-privacy": ("DP", "differential privacy"),
    "secure-aggregation": ("SA", "secure aggregation"),
    "homomorphic-encryption": ("HE", "homomorphic encryption"),
    "secure-multiparty-computation": ("SMPC", "secure multiparty computation"),
    "trusted-execution": ("TEE", "trusted execution environments"),
}
#: dataset modality -> how a heading names it
MODALITIES = {
    "mri": "MRI", "ct": "CT", "x-ray": "X-ray", "mammography": "Mammography", "histopathology": "Histopathology",
    "dermoscopy": "Dermoscopy", "fundus": "Fundus photography", "endoscopy": "Endoscopy",
    "ultrasound": "Ultrasound", "pet": "PET", "ehr": "Health records", "clinical-text": "Clinical text",
    "wearable-sensors": "Wearable sensors", "ecg": "ECG", "genomics": "Genomics",
    "natural-images": "Natural images (benchmarks)", "other": "Other",
}
#: dataset access -> how a page says it
ACCESS = {
    "public": "public (a download, perhaps after accepting a licence)",
    "credentialed": "credentialed (registration with approval, or a data use agreement)",
    "private": "private (not available)",
}
