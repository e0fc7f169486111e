// Command ledgercheck verifies a Countersign ledger checkpoint, inclusion proof and
// consistency proof using only golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog,
// so the ledger's formats are checked by code its authors did not write.
//
// Usage:
//
//	ledgercheck -key KEY -checkpoint CP [-entry ENTRY -inclusion PROOF] [-old-checkpoint OLD -consistency PROOF]
//
// Each argument is a file, or "-" for stdin (at most one), holding what the Countersign API
// serves: the verifier key and checkpoints as text (GET /api/v1/ledger/key, /checkpoint),
// the entry and proofs as JSON (GET /api/v1/ledger/entries/{i}, /proof/inclusion,
// /proof/consistency).
// Exit status: 0 all checks passed, 1 a check failed, 2 unreadable or malformed input.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// checkpoint is a C2SP tlog-checkpoint body: origin, decimal size, base64 root.
// tlog.ParseTree expects the older "go.sum database tree" header, so we parse it here.
type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

type inputError struct{ error }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("ledgercheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	keyFile := flags.String("key", "", "verifier key file (name+keyid+base64)")
	checkpointFile := flags.String("checkpoint", "", "signed checkpoint file (C2SP signed note)")
	entryFile := flags.String("entry", "", "ledger entry JSON {index, leaf (base64)}, for -inclusion")
	inclusionFile := flags.String("inclusion", "", "inclusion proof JSON {index, size, proof}")
	oldCheckpointFile := flags.String("old-checkpoint", "", "earlier signed checkpoint, for -consistency")
	consistencyFile := flags.String("consistency", "", "consistency proof JSON {from, to, proof}, from -old-checkpoint to -checkpoint")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *keyFile == "" || *checkpointFile == "" || (*entryFile == "") != (*inclusionFile == "") ||
		(*oldCheckpointFile == "") != (*consistencyFile == "") {
		fmt.Fprintln(stderr, "ledgercheck: need -key and -checkpoint; -entry with -inclusion; -old-checkpoint with -consistency")
		return 2
	}
	in := &inputs{stdin: stdin}
	err := check(in, stdout, *keyFile, *checkpointFile, *entryFile, *inclusionFile, *oldCheckpointFile, *consistencyFile)
	var bad inputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &bad):
		fmt.Fprintln(stderr, "ledgercheck: "+err.Error())
		return 2
	default:
		fmt.Fprintln(stderr, "ledgercheck: REJECTED: "+err.Error())
		return 1
	}
}

func check(in *inputs, out io.Writer, keyFile, checkpointFile, entryFile, inclusionFile, oldFile, consistencyFile string) error {
	keyText, err := in.text(keyFile)
	if err != nil {
		return err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(keyText))
	if err != nil {
		return inputError{fmt.Errorf("verifier key: %v", err)}
	}
	verifiers := note.VerifierList(verifier)

	latest, err := openCheckpoint(in, checkpointFile, verifiers)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "checkpoint ok: %s size %d root %s (signed by %s)\n", latest.origin, latest.size, latest.root, verifier.Name())

	if inclusionFile != "" {
		entry, err := in.json(entryFile)
		if err != nil {
			return err
		}
		leaf, err := bytesField(entry, "leaf")
		if err != nil {
			return err
		}
		proofJSON, err := in.json(inclusionFile)
		if err != nil {
			return err
		}
		index, err := intField(proofJSON, "index")
		if err != nil {
			return err
		}
		size, err := intField(proofJSON, "size")
		if err != nil {
			return err
		}
		if size != latest.size {
			return inputError{fmt.Errorf("inclusion proof is for tree size %d, checkpoint has %d", size, latest.size)}
		}
		if entryIndex, err := intField(entry, "index"); err == nil && entryIndex != index {
			return inputError{fmt.Errorf("entry %d does not match the proof's index %d", entryIndex, index)}
		}
		hashes, err := hashesField(proofJSON)
		if err != nil {
			return err
		}
		// RFC 6962 §2.1: the leaf hash is SHA-256(0x00 || leaf), which is tlog.RecordHash.
		if err := tlog.CheckRecord(tlog.RecordProof(hashes), latest.size, latest.root, index, tlog.RecordHash(leaf)); err != nil {
			return fmt.Errorf("inclusion of entry %d in tree %d: %v", index, latest.size, err)
		}
		fmt.Fprintf(out, "inclusion ok: entry %d is in tree %d\n", index, latest.size)
	}

	if consistencyFile != "" {
		old, err := openCheckpoint(in, oldFile, verifiers)
		if err != nil {
			return err
		}
		proofJSON, err := in.json(consistencyFile)
		if err != nil {
			return err
		}
		from, err := intField(proofJSON, "from")
		if err != nil {
			return err
		}
		to, err := intField(proofJSON, "to")
		if err != nil {
			return err
		}
		if from != old.size || to != latest.size {
			return inputError{fmt.Errorf("consistency proof is %d -> %d, checkpoints are %d -> %d", from, to, old.size, latest.size)}
		}
		if old.origin != latest.origin {
			return fmt.Errorf("checkpoints name different logs: %q and %q", old.origin, latest.origin)
		}
		hashes, err := hashesField(proofJSON)
		if err != nil {
			return err
		}
		// RFC 6962 §2.1.2: the new tree holds the old one as a prefix.
		if err := tlog.CheckTree(tlog.TreeProof(hashes), latest.size, latest.root, old.size, old.root); err != nil {
			return fmt.Errorf("consistency of tree %d with tree %d: %v", old.size, latest.size, err)
		}
		fmt.Fprintf(out, "consistency ok: tree %d extends tree %d\n", latest.size, old.size)
	}
	return nil
}

// openCheckpoint checks the signed note with note.Open and parses its C2SP body.
func openCheckpoint(in *inputs, file string, verifiers note.Verifiers) (checkpoint, error) {
	text, err := in.text(file)
	if err != nil {
		return checkpoint{}, err
	}
	n, err := note.Open([]byte(text), verifiers)
	if err != nil {
		// note.Open fails for a bad or missing signature and for a malformed note alike:
		// either way the checkpoint is not accepted.
		return checkpoint{}, fmt.Errorf("checkpoint %s: %v", file, err)
	}
	return parseCheckpoint(n.Text)
}

// parseCheckpoint reads the C2SP tlog-checkpoint body: origin, size, root, then optional
// extension lines.
func parseCheckpoint(text string) (checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return checkpoint{}, fmt.Errorf("checkpoint body has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || (len(lines[1]) > 1 && lines[1][0] == '0') {
		return checkpoint{}, fmt.Errorf("checkpoint size %q is not a decimal number", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint root: %v", err)
	}
	return checkpoint{origin: lines[0], size: size, root: root}, nil
}

// inputs reads the named files, "-" meaning stdin once.
type inputs struct {
	stdin     io.Reader
	stdinUsed bool
}

func (in *inputs) read(name string) ([]byte, error) {
	if name == "-" {
		if in.stdinUsed {
			return nil, inputError{errors.New("stdin can be used for one input only")}
		}
		in.stdinUsed = true
		data, err := io.ReadAll(in.stdin)
		if err != nil {
			return nil, inputError{err}
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, inputError{err}
	}
	return data, nil
}

// text returns a plain-text input (a verifier key or a signed note, as the API serves them).
func (in *inputs) text(name string) (string, error) {
	data, err := in.read(name)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

func (in *inputs) json(name string) (map[string]json.RawMessage, error) {
	data, err := in.read(name)
	if err != nil {
		return nil, err
	}
	var object map[string]json.RawMessage
	if err := json.Unmarshal(data, &object); err != nil {
		return nil, inputError{fmt.Errorf("%s: %v", name, err)}
	}
	return object, nil
}

func intField(object map[string]json.RawMessage, name string) (int64, error) {
	var value int64
	if raw, ok := object[name]; ok && json.Unmarshal(raw, &value) == nil {
		return value, nil
	}
	return 0, inputError{fmt.Errorf("no integer field %q", name)}
}

func bytesField(object map[string]json.RawMessage, name string) ([]byte, error) {
	var value string
	if raw, ok := object[name]; ok && json.Unmarshal(raw, &value) == nil {
		data, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return nil, inputError{fmt.Errorf("%s is not base64: %v", name, err)}
		}
		return data, nil
	}
	return nil, inputError{fmt.Errorf("no base64 field %s", name)}
}

// hashesField reads the proof: a JSON array of base64 SHA-256 hashes, as tlog.ParseHash reads them.
func hashesField(object map[string]json.RawMessage) ([]tlog.Hash, error) {
	var values []string
	if raw, ok := object["proof"]; !ok || json.Unmarshal(raw, &values) != nil {
		return nil, inputError{errors.New("no field \"proof\" holding an array of base64 hashes")}
	}
	hashes := make([]tlog.Hash, len(values))
	for i, value := range values {
		hash, err := tlog.ParseHash(value)
		if err != nil {
			return nil, inputError{fmt.Errorf("proof[%d]: %v", i, err)}
		}
		hashes[i] = hash
	}
	return hashes, nil
}
