"""AnnoMI four-way: how far a small learned model gets beside the rules (an experiment).

Needs scikit-learn, which the project does not install (`.venv/bin/pip install scikit-learn`).
Splits by transcript (31 held-out transcripts, as the published baseline), fits a TF-IDF +
logistic regression on the rest, with and without the rule coder's codes as extra features,
and compares with the rules alone on the same held-out utterances.

    .venv/bin/python benchmarks/annomi_learned_baseline.py
"""
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from scipy.sparse import hstack, csr_matrix
from simulator.coding import get_coder
from simulator.coding.evaluation import FOUR_WAY, ANNOMI_TO_CODE
rows=list(csv.DictReader(open(str(SHARED)+'/data/annomi/annomi_therapist.csv',encoding='utf-8')))
meta={r['id']:r for r in csv.DictReader(open(str(SHARED)+'/data/annomi/annomi_therapist_meta.csv',encoding='utf-8'))}
tids=sorted({meta[r['id']]['transcript_id'] for r in rows}, key=int)
random.Random(0).shuffle(tids)
test_t=set(tids[:31])
c=get_coder('en')
CODES=["open_question","closed_question","reflection","affirmation","advice","information","self_disclosure","ask_permission","structure","other","pause"]
def feats(text):
    t=c.code_turn(text)
    v=[0]*len(CODES)*2
    for s in t.segments: v[CODES.index(s.code)]+=1
    v[len(CODES)+CODES.index(t.primary)]=1
    return v
X=[r['utterance'] for r in rows]; y=[FOUR_WAY[ANNOMI_TO_CODE.get(r['label'],r['label'])] for r in rows]
tr=[i for i,r in enumerate(rows) if meta[r['id']]['transcript_id'] not in test_t]
te=[i for i,r in enumerate(rows) if meta[r['id']]['transcript_id'] in test_t]
vec=TfidfVectorizer(ngram_range=(1,2),min_df=2,sublinear_tf=True)
Xt=vec.fit_transform([X[i] for i in tr]); Xe=vec.transform([X[i] for i in te])
F=[feats(x) for x in X]
Xt2=hstack([Xt,csr_matrix([F[i] for i in tr])]); Xe2=hstack([Xe,csr_matrix([F[i] for i in te])])
for name,(a,b) in {'tfidf':(Xt,Xe),'tfidf+rules':(Xt2,Xe2)}.items():
    m=LogisticRegression(max_iter=2000,C=4,class_weight='balanced').fit(a,[y[i] for i in tr])
    p=m.predict(b)
    print(name, 'macroF1', round(f1_score([y[i] for i in te],p,average='macro'),3), 'n_test',len(te))
rp=[FOUR_WAY.get(c.code_turn(X[i]).primary,'other') for i in te]
print('rules on same test', round(f1_score([y[i] for i in te],rp,average='macro'),3))
