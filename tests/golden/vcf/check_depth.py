#!/usr/bin/env python3
# check_depth.py: a second, independent implementation of the depth / alt count / VAF rules of
# docs/vcf-callers.md, written from that text (not from the C code), compared row by row with
# the golden outputs of the shared callers' VCFs. Run from the repository root after
# `tests/run.sh --redo-outputs`:  python3 tests/golden/vcf/check_depth.py
# Exit status 0 when every row agrees. Not part of `make test` (the goldens are).
import sys, gzip, math
def opener(p): return gzip.open(p,'rt') if p.endswith('.gz') else open(p)
def ints(x):
    out=[]
    for v in x.split(','):
        try: out.append(int(v))
        except: out.append(None)
    return out
def floats(x):
    out=[]
    for v in x.split(','):
        try: out.append(float(v))
        except: out.append(None)
    return out
def expected(path, tumor):
    rows=[]
    for line in opener(path):
        if line.startswith('##'): continue
        f=line.rstrip('\n').split('\t')
        if line.startswith('#'):
            cols=f; ti=cols.index(tumor) if tumor in cols else None; continue
        ref=f[3]; alts=f[4].split(','); alleles=[ref]+alts; na=len(alleles)
        info=dict((kv.split('=',1)+[''])[:2] for kv in f[7].split(';'))
        d={}
        if ti is not None and len(f)>8:
            d=dict(zip(f[8].split(':'), f[ti].split(':')))
        def g(k):
            v=d.get(k); return None if v in (None,'.') else v
        dp=ints(g('DP'))[0] if g('DP') else None
        for i in range(1,na):
            alt=alleles[i]
            if alt=='*': continue
            depth=altc=None; vaf=None
            if 'TDP' in info:
                t=ints(info['TDP']); depth=t[0] if len(t)==1 else t[i-1]
                tv=floats(info.get('TVAF','.')); vaf=tv[0] if len(tv)==1 else (tv[i-1] if len(tv)==na-1 else None)
                if g('ADT'): a=ints(g('ADT')); altc=a[i] if len(a)>i else None
            elif g('AD') and len(g('AD').split(','))==na:
                ad=ints(g('AD')); altc=ad[i]; seen=(ad[0] or 0)+(altc or 0)
                if dp is not None and dp>=seen: depth=dp
                elif all(x is not None for x in ad): depth=sum(ad)
                fr=None
                for k in ('AF','FA'):
                    if g(k):
                        v=floats(g(k))
                        if len(v)==na: fr=v[i]
                        elif len(v)==na-1: fr=v[i-1]
                        if fr is not None: break
                vaf=fr if fr is not None else (altc/depth if altc is not None and depth else None)
            elif g('RD') is not None and g('AD') and len(g('AD').split(','))==1:
                altc=ints(g('AD'))[0] if na==2 else None; depth=dp if dp is not None else (int(g('RD'))+altc if altc is not None else None)
                fq=g('FREQ'); vaf=float(fq.rstrip('%'))/100 if fq and na==2 else (altc/depth if altc is not None and depth else None)
            elif all(g(b+'U') for b in 'ACGT'):
                depth=dp
                if len(ref)==1 and len(alt)==1 and ref in 'ACGT' and alt in 'ACGT':
                    r=ints(g(ref+'U'))[0]; a=ints(g(alt+'U'))[0]; altc=a; vaf=a/(r+a) if r+a>0 else None
            elif g('TAR') and g('TIR'):
                depth=dp
                if na==2: r=ints(g('TAR'))[0]; a=ints(g('TIR'))[0]; altc=a; vaf=a/(r+a) if r+a>0 else None
            elif g('BCOUNT') and len(alt)==1 and alt in 'ACGT' and len(ref)==1 and ref in 'ACGT':
                depth=dp; altc=ints(g('BCOUNT'))['ACGT'.index(alt)]; vaf=altc/depth if depth else None
            elif g('DP4') and len(g('DP4').split(','))==4 and na==2:
                x=ints(g('DP4')); depth=dp if dp is not None else sum(x); altc=x[2]+x[3]; vaf=altc/depth if depth else None
            else:
                depth=dp
                if g('AD') and len(g('AD').split(','))==1 and na==2: altc=ints(g('AD'))[0]
                fr=None
                for k in ('AF','FA'):
                    if g(k):
                        v=floats(g(k)); fr=v[i] if len(v)==na else (v[i-1] if len(v)==na-1 else None)
                        if fr is not None: break
                vaf=fr if fr is not None else (altc/depth if altc is not None and depth else None)
            rows.append((f[1],alt,depth,altc,vaf))
    return rows
def golden(path):
    rows=[]
    for line in open(path):
        f=line.rstrip('\n').split('\t')
        if f[0]=='sample': continue
        rows.append((f[7],f[9],int(f[14]) if f[14] else None,int(f[19]) if f[19] else None,float(f[13]) if f[13] else None))
    return rows
S='../shared/data/test-inputs/'
cases=[('vcf2maf/test.vcf','TUMOR','vcf2maf_test'),('vcf2maf/test_b37.vcf','TUMOR','vcf2maf_test_b37'),('vcf2maf/test_b38.vcf','TUMOR','vcf2maf_test_b38'),
 ('vcf2maf/test_grch38.vcf','TUMOR','vcf2maf_test_grch38'),('vcf2maf/test_mutect.vcf','TUMOR','vcf2maf_test_mutect'),('vcf2maf/test_strelka.vcf','TUMOR','vcf2maf_test_strelka'),
 ('vcf2maf/test_varscan.vcf','TUMOR','vcf2maf_test_varscan'),('vcf2maf/test_muse.vcf','TUMOR','vcf2maf_test_muse'),('vcf2maf/test_sniper.vcf','TUMOR','vcf2maf_test_sniper'),
 ('vcf2maf/test_pindel.vcf','TUMOR','vcf2maf_test_pindel'),('vcf2maf/test_delly.vcf','TUMOR','vcf2maf_test_delly'),('vcf2maf/test_merged.vcf','TUMOR','vcf2maf_test_merged'),
 ('vcf2maf/test_radia.vcf','DNA_TUMOR','vcf2maf_test_radia'),('musicatk/public_LUAD_TCGA-97-7938.vcf','TCGA-97-7938-01A-11D-2167-08','musicatk_luad'),
 ('pcgr/T001-BRCA.grch37.vcf.gz','TCGA-A2-A04W-01A-31D-A10Y-09_TCGA-A2-A04W-10A-01D-A110-09','pcgr_brca_grch37'),('pcgr/T001-BRCA.grch38.vcf.gz','TCGA-A2-A04W-01A-31D-A10Y-09_TCGA-A2-A04W-10A-01D-A110-09','pcgr_brca_grch38')]
bad=0
for vcf,tumor,gold in cases:
    e=expected(S+vcf,tumor); g=golden('tests/golden/vcf/'+gold+'.out')
    nb=0
    if len(e)!=len(g): print(gold,'count',len(e),len(g)); bad+=1; continue
    for a,b in zip(e,g):
        ok = a[0]==b[0] and a[1]==b[1] and a[2]==b[2] and a[3]==b[3] and ((a[4] is None and b[4] is None) or (a[4] is not None and b[4] is not None and abs(a[4]-b[4])<=5e-6*max(1,abs(a[4]))))
        if not ok:
            nb+=1
            if nb<=3: print(gold,'expected',a,'golden',b)
    print(gold, len(e), 'rows', 'OK' if nb==0 else f'{nb} differ')
    bad+=nb
sys.exit(1 if bad else 0)
