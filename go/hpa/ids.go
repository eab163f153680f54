package hpa

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"
)

// Namespace is the UUIDv5 namespace of onap-hpa capability ids (onap_hpa.ids.NAMESPACE). Never change
// it: every id in AAI derives from it.
var Namespace = [16]byte{0x6f, 0x1d, 0x2a, 0x8e, 0x4c, 0x1b, 0x5b, 0x0e, 0x9a, 0x57, 0x0c, 0x3d, 0x7e, 0x6b, 0x9f, 0x21}

// field appends the length-prefixed form of one name field. The length counts code points, as
// Python's len() does: "é" is "1:é", not "2:é".
func field(dst []byte, value string) []byte {
	dst = strconv.AppendInt(dst, int64(Len(value)), 10)
	dst = append(dst, ':')
	return append(dst, value...)
}

// FlavorIDs computes the ids of one flavor's records; the flavor's part of every name is encoded once.
type FlavorIDs struct{ prefix []byte }

// NewFlavorIDs starts the ids of flavor flavorID of region (cloudOwner, cloudRegionID).
func NewFlavorIDs(cloudOwner, cloudRegionID, flavorID string) FlavorIDs {
	p := append(make([]byte, 0, 16+len(cloudOwner)+len(cloudRegionID)+len(flavorID)+12), Namespace[:]...)
	p = field(p, cloudOwner)
	p = field(p, cloudRegionID)
	return FlavorIDs{field(p, flavorID)}
}

// ID is the id of the ordinal-th record of feature among driver's records for the flavor.
func (f FlavorIDs) ID(driver, feature string, ordinal int) string {
	name := make([]byte, 0, len(f.prefix)+len(driver)+len(feature)+12)
	name = append(name, f.prefix...)
	name = field(name, driver)
	name = field(name, feature)
	name = strconv.AppendInt(name, int64(ordinal), 10)
	sum := sha1.Sum(name)
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], sum[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], sum[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], sum[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], sum[8:10])
	out[23] = '-'
	hex.Encode(out[24:], sum[10:16])
	return string(out[:])
}

// IDs are the ids the host gives records, one driver's result for the flavor, in order: each
// record's ordinal counts the driver's earlier records of the same feature.
func (f FlavorIDs) IDs(driver string, features []string) []string {
	seen := make(map[string]int, len(features))
	ids := make([]string, len(features))
	for i, feature := range features {
		ordinal := seen[feature]
		seen[feature] = ordinal + 1
		ids[i] = f.ID(driver, feature, ordinal)
	}
	return ids
}

// CapabilityID is the stable id of one record: uuid5 over (cloud-owner, cloud-region-id, flavor id,
// driver, hpa-feature, ordinal), as onap_hpa.capability_id computes it.
func CapabilityID(cloudOwner, cloudRegionID, flavorID, driver, feature string, ordinal int) string {
	return NewFlavorIDs(cloudOwner, cloudRegionID, flavorID).ID(driver, feature, ordinal)
}

// CapabilityIDs are the ids the host gives records, driver's result for req.
func CapabilityIDs(req *Request, driver string, records []Capability) []string {
	features := make([]string, len(records))
	for i, r := range records {
		features[i] = r.Feature
	}
	return NewFlavorIDs(req.Vim.CloudOwner, req.Vim.CloudRegionID, req.Flavor.ID).IDs(driver, features)
}

// CapabilityURLs are the AAI URLs of records as the host will id them: what hpa_delete_urls returns.
func CapabilityURLs(req *Request, driver string, records []Capability) []string {
	ids := CapabilityIDs(req, driver, records)
	urls := make([]string, len(ids))
	for i, id := range ids {
		urls[i] = CapabilityURL(req.Vim.CloudOwner, req.Vim.CloudRegionID, req.Flavor.ID, id)
	}
	return urls
}

// PathKey is one AAI path segment for a key, as onap_hpa.ids.path_key writes it: RFC 3986 unreserved
// characters stay raw, every other UTF-8 byte is %XX (upper-case hex), and the dot segments "." and
// ".." are "%2E" and "%2E%2E" (HTTP stacks would normalise them away). Neither url.PathEscape
// (keeps ":@&=+$" and more) nor url.QueryEscape (spaces as '+') does this.
func PathKey(value string) string {
	switch value {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	n := 0
	for i := 0; i < len(value); i++ {
		if !unreserved(value[i]) {
			n++
		}
	}
	if n == 0 {
		return value
	}
	var b strings.Builder
	b.Grow(len(value) + 2*n)
	for i := 0; i < len(value); i++ {
		c := value[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&0xf])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// FlavorURL is the AAI path of a flavor, relative to the AAI base (/aai/vNN).
func FlavorURL(cloudOwner, cloudRegionID, flavorID string) string {
	return "/cloud-infrastructure/cloud-regions/cloud-region/" + PathKey(cloudOwner) + "/" + PathKey(cloudRegionID) +
		"/flavors/flavor/" + PathKey(flavorID)
}

// CapabilityURL is the AAI path of one hpa-capability of a flavor, relative to the AAI base.
func CapabilityURL(cloudOwner, cloudRegionID, flavorID, capabilityID string) string {
	return FlavorURL(cloudOwner, cloudRegionID, flavorID) + "/hpa-capabilities/hpa-capability/" + PathKey(capabilityID)
}
